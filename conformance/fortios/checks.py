"""FortiOS REST conformance checks, written from Fortinet's documentation and what independent clients expect.

Clients: the vendored fortiosapi (unmodified), Python's http.client (for raw query strings) and Ansible's
fortinet.fortios modules over the httpapi connection. The target comes from the environment (see ./run and
README.md); every object written is named gwconf-*. Facts checked and where they come from:
  - envelope, error numbers, revision_changed: FNDN REST API reference; API-NOTES E.3 and H.3
  - batch transactions: docs.fortinet.com "View batch transaction commands through the REST API 7.4.1" (start
    with {"timeout": N}, writes with X-TRANSACTION-ID, commit/abort naming {"transaction-id": N}); workspace mode
    ("changes ... not viewable by other processes", "an object edited in a transaction is locked")
  - ?action=schema, global=1, monitor/system/status: what fortiosapi and the Ansible httpapi plugin call on connect
"""
import http.client
import json
import logging
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import types
import urllib.parse

SUITE = "fortios"
URL = os.environ["CONFORMANCE_FORTIOS_URL"].rstrip("/")
TOKEN = os.environ["CONFORMANCE_FORTIOS_TOKEN"]
CA = os.environ.get("CONFORMANCE_CA") or None
VDOM = os.environ.get("CONFORMANCE_FORTIOS_VDOM", "root")
PARSED = urllib.parse.urlsplit(URL)
HOST = PARSED.hostname
PORT = PARSED.port or 443
NETLOC = "%s:%d" % (HOST, PORT)

# requests lets REQUESTS_CA_BUNDLE override a session's verify: make it the CA we were given. Never go through a
# proxy to the target.
if CA:
    os.environ["REQUESTS_CA_BUNDLE"] = CA
os.environ["NO_PROXY"] = ",".join(x for x in [os.environ.get("NO_PROXY", ""), HOST] if x)
sys.path.insert(0, os.environ["GATEWARDEN_VENDOR"])
try:
    import paramiko  # noqa: F401  (fortiosapi imports it for its ssh helper only)
except ImportError:
    sys.modules["paramiko"] = types.ModuleType("paramiko")
import warnings  # noqa: E402

warnings.filterwarnings("ignore", category=SyntaxWarning)  # fortiosapi's `is 200`, unmodified
from fortiosapi import FortiOSAPI  # noqa: E402

# fortiosapi logs its fallbacks (set() retrying as POST) as warnings; this suite reports through its own lines
logging.getLogger("fortiosapi").addHandler(logging.NullHandler())
logging.getLogger("fortiosapi").propagate = False

counts = {"passed": 0, "failed": 0}


class Failed(Exception):
    pass


def expect(condition, why):
    if not condition:
        raise Failed(why)


def check(name, fn):
    try:
        fn()
    except Failed as e:
        counts["failed"] += 1
        print("FAIL %s: %s: %s" % (SUITE, name, e), flush=True)
        return False
    except Exception as e:  # a client exception is a failed check too, with its words
        counts["failed"] += 1
        print("FAIL %s: %s: %s: %s" % (SUITE, name, type(e).__name__, str(e)[:300]), flush=True)
        return False
    counts["passed"] += 1
    print("PASS %s: %s" % (SUITE, name), flush=True)
    return True


def short(resp):
    return json.dumps(resp)[:300] if isinstance(resp, (dict, list)) else repr(resp)[:300]


fgt = FortiOSAPI()
session = fgt._session  # the client's own requests session (Bearer header set by tokenlogin)


def raw(method, path, body=None, headers=None):
    """One request through fortiosapi's session, for the documented calls the client has no method for."""
    h = {"Content-Type": "application/json", "Accept": "application/json"}
    h.update(headers or {})
    r = session.request(method, "https://" + NETLOC + path, data=None if body is None else json.dumps(body),
                        headers=h, timeout=30)
    try:
        return r.status_code, r.json()
    except ValueError:
        return r.status_code, {"raw": r.text[:200]}


def cleanup():
    """Deletes leftover gwconf-* objects of earlier runs (groups first: addresses in a group cannot go)."""
    for table in ("addrgrp", "addrgrp6", "address", "address6"):
        resp = fgt.get("firewall", table, vdom=VDOM, parameters={"filter": "name=@gwconf-"})
        for entry in resp.get("results", []) if isinstance(resp, dict) else []:
            if entry.get("name", "").startswith("gwconf-"):
                fgt.delete("firewall", table, vdom=VDOM, mkey=entry["name"])


# ---- connect ---------------------------------------------------------------------------------------------------

def connect():
    # default vdom="global": GET /api/v2/cmdb/system/status?global=1, a list of per-VDOM answers carrying version
    fgt.tokenlogin(NETLOC, TOKEN, verify=CA if CA else True)
    expect(str(fgt.get_version()).startswith("v"), "version %r" % fgt.get_version())


def system_status():
    resp = fgt.monitor("system", "status", vdom=VDOM)
    expect(resp.get("status") == "success", short(resp))
    expect(str(resp.get("version", "")).startswith("v"), "no version: " + short(resp))
    expect(isinstance(resp.get("results"), dict) and resp["results"].get("model"), "no model: " + short(resp))


def schema():
    expect(fgt.get_mkeyname("firewall", "address", vdom=VDOM) == "name", "address mkey")
    expect(fgt.get_mkeyname("firewall", "addrgrp6", vdom=VDOM) == "name", "addrgrp6 mkey")
    tables = fgt.get_name_path_dict(vdom=VDOM)
    for t in ("firewall address", "firewall address6", "firewall addrgrp", "firewall addrgrp6"):
        expect(t in tables, "%s missing from the CMDB schema index" % t)


def global_read():
    status, body = raw("GET", "/api/v2/cmdb/firewall/address?global=1")
    expect(status == 200 and isinstance(body, list), "HTTP %s %s" % (status, short(body)))
    expect(all("vdom" in x and "results" in x for x in body), "per-VDOM answers: " + short(body))
    expect(any(x["vdom"] == VDOM for x in body), "no answer for vdom " + VDOM)


# ---- addresses, address6, groups with fortiosapi ----------------------------------------------------------------

A1 = "gwconf-fapi-a1"
A6 = "gwconf-fapi-a6"
G4 = "gwconf-fapi-g"
G6 = "gwconf-fapi-g6"


def create_address():
    resp = fgt.post("firewall", "address", vdom=VDOM, data={
        "name": A1, "type": "ipmask", "subnet": "10.255.1.1/32", "comment": "gwconf fortiosapi"})
    expect(resp.get("status") == "success", short(resp))
    expect(resp.get("revision_changed") is True, "revision_changed: " + short(resp))
    expect(resp.get("mkey") == A1, "mkey: " + short(resp))
    got = fgt.get("firewall", "address", vdom=VDOM, mkey=A1)
    expect(got["results"][0]["subnet"] == "10.255.1.1 255.255.255.255", "subnet as stored: " + short(got))


def duplicate_is_minus_5():
    resp = fgt.post("firewall", "address", vdom=VDOM, data={"name": A1, "subnet": "10.255.1.1/32"})
    expect(resp.get("status") == "error" and resp.get("http_status") == 500, short(resp))
    expect(resp.get("error") == -5, "error number: " + short(resp))
    expect(str(resp.get("cli_error", "")).rstrip().endswith("Command fail. Return code -5"),
           "cli_error: " + short(resp))


def update_and_no_op_update():
    resp = fgt.put("firewall", "address", vdom=VDOM, mkey=A1, data={"comment": "gwconf fortiosapi 2"})
    expect(resp.get("status") == "success" and resp.get("revision_changed") is True, short(resp))
    again = fgt.put("firewall", "address", vdom=VDOM, mkey=A1, data={"comment": "gwconf fortiosapi 2"})
    expect(again.get("status") == "success", short(again))
    expect(again.get("revision_changed") is False, "a write that changes nothing: " + short(again))


def set_creates_when_missing():
    # fortiosapi.set: PUT, and POST when the PUT answers 404/405/500
    resp = fgt.set("firewall", "address", vdom=VDOM, data={"name": A1 + "b", "subnet": "10.255.1.2/32"})
    expect(resp.get("status") == "success", short(resp))
    expect(fgt.get("firewall", "address", vdom=VDOM, mkey=A1 + "b").get("http_status") == 200, "not created")


def address6():
    resp = fgt.post("firewall", "address6", vdom=VDOM, data={"name": A6, "ip6": "2001:db8:ffff::11/128"})
    expect(resp.get("status") == "success", short(resp))
    got = fgt.get("firewall", "address6", vdom=VDOM, mkey=A6)
    expect(got["results"][0]["ip6"] == "2001:db8:ffff::11/128", short(got))


def groups():
    resp = fgt.post("firewall", "addrgrp", vdom=VDOM, data={"name": G4, "member": [{"name": A1}]})
    expect(resp.get("status") == "success", short(resp))
    resp = fgt.post("firewall", "addrgrp6", vdom=VDOM, data={"name": G6, "member": [{"name": A6}]})
    expect(resp.get("status") == "success", short(resp))
    got = fgt.get("firewall", "addrgrp", vdom=VDOM, mkey=G4)
    expect([m["name"] for m in got["results"][0]["member"]] == [A1], short(got))
    resp = fgt.put("firewall", "addrgrp", vdom=VDOM, mkey=G4, data={"member": [{"name": A1}, {"name": A1 + "b"}]})
    expect(resp.get("status") == "success", short(resp))


def missing_member_is_refused():
    resp = fgt.post("firewall", "addrgrp", vdom=VDOM, data={"name": G4 + "x", "member": [{"name": "gwconf-nope"}]})
    expect(resp.get("status") == "error", short(resp))
    expect(resp.get("http_status") in (424, 500), "HTTP status: " + short(resp))


def referenced_address_cannot_be_deleted():
    resp = fgt.delete("firewall", "address", vdom=VDOM, mkey=A1)
    expect(resp.get("status") == "error", "deleted an address a group lists: " + short(resp))


def member_child_table():
    path = "addrgrp/%s/member" % G4
    resp = fgt.delete("firewall", path, vdom=VDOM, mkey=A1 + "b")
    expect(resp.get("status") == "success", short(resp))
    resp = fgt.post("firewall", path, vdom=VDOM, data={"name": A1 + "b"})
    expect(resp.get("status") == "success", short(resp))
    got = fgt.get("firewall", path, vdom=VDOM)
    expect(sorted(m["name"] for m in got["results"]) == sorted([A1, A1 + "b"]), short(got))


def raw_pipe_in_query():
    # Python's http.client sends the request line as given: a raw '|' as curl and Ansible send it
    ctx = ssl.create_default_context(cafile=CA)
    conn = http.client.HTTPSConnection(HOST, PORT, context=ctx, timeout=30)
    conn.request("GET", "/api/v2/cmdb/firewall/address?vdom=%s&format=name|subnet&filter=name==%s" % (VDOM, A1),
                 headers={"Authorization": "Bearer " + TOKEN, "Accept": "application/json"})
    r = conn.getresponse()
    text = r.read().decode("utf-8", "replace")
    conn.close()
    expect(r.status == 200, "HTTP %s %s" % (r.status, text[:200]))
    body = json.loads(text)
    entry = body["results"][0]
    expect(entry.get("subnet") == "10.255.1.1 255.255.255.255" and "comment" not in entry,
           "format=name|subnet: " + text[:200])


def deletes():
    for table, name in (("addrgrp", G4), ("addrgrp6", G6), ("address", A1), ("address", A1 + "b"),
                        ("address6", A6)):
        resp = fgt.delete("firewall", table, vdom=VDOM, mkey=name)
        expect(resp.get("status") == "success", "%s %s: %s" % (table, name, short(resp)))
    gone = fgt.get("firewall", "address", vdom=VDOM, mkey=A1)
    expect(gone.get("http_status") == 404, "still there: " + short(gone))
    again = fgt.delete("firewall", "address", vdom=VDOM, mkey=A1)
    expect(again.get("http_status") == 404 and again.get("revision_changed") is not True, short(again))


# ---- batch transactions (documented form) ----------------------------------------------------------------------

def tx_start():
    status, body = raw("POST", "/api/v2/cmdb?action=transaction-start&vdom=" + VDOM, {"timeout": 60})
    expect(status == 200 and body.get("status") == "success", "start: HTTP %s %s" % (status, short(body)))
    tid = body.get("results", {}).get("transaction-id")
    expect(isinstance(tid, int), "transaction-id: " + short(body))
    return tid


def tx_finish(action, tid):
    return raw("POST", "/api/v2/cmdb?action=transaction-%s&vdom=%s" % (action, VDOM), {"transaction-id": tid})


def tx_write_then(action, name, subnet):
    """Starts a transaction, creates `name` inside it (checking it is invisible outside), then commits or aborts;
    returns the plain read of `name` afterwards."""
    tid = tx_start()
    status, body = raw("POST", "/api/v2/cmdb/firewall/address?vdom=" + VDOM, {"name": name, "subnet": subnet},
                       {"X-TRANSACTION-ID": str(tid)})
    expect(status == 200 and body.get("status") == "success", "write inside: " + short(body))
    outside = fgt.get("firewall", "address", vdom=VDOM, mkey=name)
    expect(outside.get("http_status") == 404, "visible outside the transaction before %s: %s" % (action,
                                                                                              short(outside)))
    status, body = tx_finish(action, tid)
    expect(status == 200 and body.get("status") == "success", "%s: HTTP %s %s" % (action, status, short(body)))
    return fgt.get("firewall", "address", vdom=VDOM, mkey=name)


def transaction_commit():
    after = tx_write_then("commit", "gwconf-tx-a", "10.255.3.1/32")
    expect(after.get("http_status") == 200, "not there after commit: " + short(after))


def transaction_abort():
    after = tx_write_then("abort", "gwconf-tx-b", "10.255.3.2/32")
    expect(after.get("http_status") == 404, "an aborted write was applied: " + short(after))


def transaction_locks_what_it_edits():
    tid = tx_start()
    try:
        status, body = raw("PUT", "/api/v2/cmdb/firewall/address/gwconf-tx-a?vdom=" + VDOM,
                           {"comment": "gwconf in a transaction"}, {"X-TRANSACTION-ID": str(tid)})
        expect(status == 200, "edit inside: " + short(body))
        plain = fgt.put("firewall", "address", vdom=VDOM, mkey="gwconf-tx-a", data={"comment": "gwconf outside"})
        expect(plain.get("status") == "error", "a plain write to an object an open transaction edits: " + short(plain))
    finally:
        tx_finish("abort", tid)
    fgt.delete("firewall", "address", vdom=VDOM, mkey="gwconf-tx-a")


# ---- Ansible fortinet.fortios ----------------------------------------------------------------------------------

def ansible_tasks():
    """(name, module, args, expected changed) in order: create, the same again (no change), update (and again),
    delete, and one delete of what is gone. Kept short: each task is one module run, seconds on a busy machine."""
    addr = {"name": "gwconf-an-a1", "type": "ipmask", "subnet": "10.255.4.1/32", "comment": "gwconf ansible"}
    addr6 = {"name": "gwconf-an-a6", "ip6": "2001:db8:ffff::41/128"}
    grp = {"name": "gwconf-an-g", "member": [{"name": "gwconf-an-a1"}]}
    grp6 = {"name": "gwconf-an-g6", "member": [{"name": "gwconf-an-a6"}]}
    present = [("firewall_address", addr), ("firewall_address6", addr6), ("firewall_addrgrp", grp),
               ("firewall_addrgrp6", grp6)]
    steps = []
    for run in ("create", "create again"):
        for mod, obj in present:
            steps.append(("%s %s %s" % (run, mod, obj["name"]), mod, {"state": "present", mod: obj},
                          run == "create"))
    updated = dict(addr, comment="gwconf ansible updated")
    for run in ("update", "update again"):
        steps.append(("%s firewall_address %s" % (run, addr["name"]), "firewall_address",
                      {"state": "present", "firewall_address": updated}, run == "update"))
    for mod, obj in [present[2], present[3], present[0], present[1]]:
        steps.append(("delete %s %s" % (mod, obj["name"]), mod, {"state": "absent", mod: {"name": obj["name"]}},
                      True))
    steps.append(("delete again firewall_address gwconf-an-a1", "firewall_address",
                  {"state": "absent", "firewall_address": {"name": "gwconf-an-a1"}}, False))
    return steps


def run_ansible():
    started = time.monotonic()
    if shutil.which("ansible-playbook") is None:
        print("FAIL %s: ansible: ansible-playbook not found (apt-get install -y ansible)" % SUITE)
        counts["failed"] += 1
        return
    listed = subprocess.run(["ansible-galaxy", "collection", "list", "fortinet.fortios"], capture_output=True,
                            text=True)
    if "fortinet.fortios" not in listed.stdout:
        print("FAIL %s: ansible: the fortinet.fortios collection is not installed" % SUITE)
        counts["failed"] += 1
        return
    steps = ansible_tasks()
    work = tempfile.mkdtemp(prefix="gwconf-ansible-")
    try:
        inventory = {"all": {"hosts": {"fortigate": {
            "ansible_host": HOST, "ansible_connection": "httpapi", "ansible_network_os": "fortinet.fortios.fortios",
            "ansible_httpapi_port": PORT, "ansible_httpapi_use_ssl": True, "ansible_httpapi_validate_certs": True,
            "ansible_httpapi_use_proxy": False, "ansible_python_interpreter": sys.executable}}}}
        tasks = []
        for name, mod, args, _ in steps:
            a = dict(args, vdom=VDOM, access_token=TOKEN)
            tasks.append({"name": name, "fortinet.fortios.fortios_" + mod: a, "ignore_errors": True})
        play = [{"hosts": "fortigate", "gather_facts": False, "tasks": tasks}]
        with open(os.path.join(work, "inventory.json"), "w") as f:
            json.dump(inventory, f)
        with open(os.path.join(work, "playbook.json"), "w") as f:
            json.dump(play, f)
        env = dict(os.environ, ANSIBLE_STDOUT_CALLBACK="json", ANSIBLE_LOCAL_TEMP=os.path.join(work, "tmp"),
                   ANSIBLE_HOME=os.path.join(work, "home"), ANSIBLE_PERSISTENT_CONTROL_PATH_DIR=os.path.join(work, "pc"),
                   ANSIBLE_NOCOLOR="1", ANSIBLE_RETRY_FILES_ENABLED="0", ANSIBLE_DEPRECATION_WARNINGS="0")
        if CA:
            env["SSL_CERT_FILE"] = CA  # the httpapi connection verifies with the default context
        p = subprocess.run(["ansible-playbook", "-i", os.path.join(work, "inventory.json"),
                            os.path.join(work, "playbook.json")], capture_output=True, text=True, env=env,
                           timeout=240)
        try:
            out = json.loads(p.stdout)
            results = out["plays"][0]["tasks"]
        except (ValueError, KeyError, IndexError):
            print("FAIL %s: ansible: the playbook did not run: %s %s" % (SUITE, p.stdout[-300:], p.stderr[-300:]))
            counts["failed"] += 1
            return
        print("%s: ansible-playbook ran %d tasks in %.1f s" % (SUITE, len(steps), time.monotonic() - started),
              file=sys.stderr, flush=True)
        by_name = {t["task"]["name"]: t["hosts"].get("fortigate", {}) for t in results}
        for name, _, _, changed in steps:
            def one(name=name, changed=changed):
                r = by_name.get(name)
                expect(r is not None, "task did not run")
                expect(not r.get("failed"), "failed: %s" % str(r.get("msg") or r.get("meta"))[:300])
                expect(bool(r.get("changed")) == changed, "changed=%s, expected %s (meta %s)" % (
                    r.get("changed"), changed, short(r.get("meta"))))
            check("ansible: " + name + (" reports a change" if changed else " reports no change"), one)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main():
    if not check("fortiosapi: tokenlogin (global=1 system/status) reports the version", connect):
        print("%s: %d passed, %d failed" % (SUITE, counts["passed"], counts["failed"]))
        return 1
    cleanup()
    check("fortiosapi: monitor system/status has version and model", system_status)
    check("fortiosapi: ?action=schema gives mkey name and lists the four tables", schema)
    check("global=1 answers a list of per-VDOM envelopes", global_read)
    check("fortiosapi: create address (revision_changed, subnet stored as ip mask)", create_address)
    check("fortiosapi: duplicate name is error -5 with CLI text", duplicate_is_minus_5)
    check("fortiosapi: update, then identical update reports revision_changed false", update_and_no_op_update)
    check("fortiosapi: set() creates a missing address", set_creates_when_missing)
    check("fortiosapi: create address6", address6)
    check("fortiosapi: create and update addrgrp and addrgrp6", groups)
    check("fortiosapi: a group with a missing member is refused", missing_member_is_refused)
    check("fortiosapi: an address a group lists cannot be deleted", referenced_address_cannot_be_deleted)
    check("fortiosapi: addrgrp member child table (delete, add, list)", member_child_table)
    check("http.client: raw '|' in the query string (format=name|subnet)", raw_pipe_in_query)
    check("fortiosapi: delete groups and addresses; a second delete is 404", deletes)
    check("transaction: start, write with X-TRANSACTION-ID, invisible outside, commit {transaction-id}",
          transaction_commit)
    check("transaction: abort {transaction-id} discards its writes (invisible outside before)", transaction_abort)
    check("transaction: an object it edits is locked against plain writes", transaction_locks_what_it_edits)
    run_ansible()
    cleanup()
    print("%s: %d passed, %d failed" % (SUITE, counts["passed"], counts["failed"]))
    return 0 if counts["failed"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
