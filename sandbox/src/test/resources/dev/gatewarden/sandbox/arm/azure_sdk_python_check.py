"""Drives the ARM simulator with the Azure SDK for Python (Debian python3-azure, unmodified), a client not
written against it. Usage: azure_sdk_python_check.py BASE_URL SUBSCRIPTION TOKEN. Exits non-zero on the first
mismatch; prints one line per check."""
import sys
import time

from azure.core.credentials import AccessToken
from azure.core.exceptions import HttpResponseError
from azure.mgmt.network import NetworkManagementClient
from azure.mgmt.network.models import (NetworkInterfaceIPConfiguration, PublicIPAddress, PublicIPAddressSku,
                                       SubResource)

API = "2022-07-01"  # the newest Network api-version this SDK release knows


class StaticToken:
    def __init__(self, token):
        self.token = token

    def get_token(self, *scopes, **kwargs):
        return AccessToken(self.token, int(time.time()) + 3600)


def check(cond, what):
    if not cond:
        print("FAIL: " + what)
        sys.exit(1)
    print("ok: " + what)


def main(base, sub, token):
    net = NetworkManagementClient(StaticToken(token), sub, base_url=base, api_version=API, polling_interval=0.05)
    rg = "gateways"

    nic = net.network_interfaces.get(rg, "gw-1-nic")
    check(len(nic.ip_configurations) == 1 and nic.ip_configurations[0].primary, "NIC has one primary ipConfiguration")
    check(nic.virtual_machine.id.endswith("/virtualMachines/gw-1"), "NIC names its VM")
    subnet_id = nic.ip_configurations[0].subnet.id
    stale = nic.etag

    nic.ip_configurations.append(NetworkInterfaceIPConfiguration(
        name="py-0", primary=False, private_ip_allocation_method="Static", private_ip_address="10.20.1.77",
        subnet=SubResource(id=subnet_id)))
    updated = net.network_interfaces.begin_create_or_update(rg, "gw-1-nic", nic, headers={"If-Match": stale}).result()
    check(updated.provisioning_state == "Succeeded", "NIC PUT polled to Succeeded (Azure-AsyncOperation)")
    check([c.private_ip_address for c in updated.ip_configurations] [1] == "10.20.1.77", "static secondary IP kept")

    try:
        net.network_interfaces.begin_create_or_update(rg, "gw-1-nic", nic, headers={"If-Match": stale}).result()
        check(False, "stale If-Match refused")
    except HttpResponseError as e:
        check(e.status_code == 412 and e.error.code == "PreconditionFailed", "stale If-Match: 412 PreconditionFailed")

    pip = net.public_ip_addresses.begin_create_or_update(rg, "py-pip", PublicIPAddress(
        location="westeurope", sku=PublicIPAddressSku(name="Standard", tier="Regional"),
        public_ip_allocation_method="Static", zones=["1", "2", "3"], tags={"gatewarden-owner": "py"})).result()
    check(pip.ip_address and pip.tags == {"gatewarden-owner": "py"} and pip.zones == ["1", "2", "3"],
          "public IP created Standard/Static with tags and zones")

    listed = list(net.public_ip_addresses.list(rg))
    check(sorted(p.name for p in listed) == ["app-frontend-ip", "py-pip"], "public IP list followed nextLink pages")

    nic = net.network_interfaces.get(rg, "gw-1-nic")
    nic.ip_configurations[1].public_ip_address = PublicIPAddress(id=pip.id)
    net.network_interfaces.begin_create_or_update(rg, "gw-1-nic", nic).result()
    check(net.public_ip_addresses.get(rg, "py-pip").ip_configuration.id.endswith("/ipConfigurations/py-0"),
          "public IP shows the ipConfiguration using it")
    try:
        net.public_ip_addresses.begin_delete(rg, "py-pip").result()
        check(False, "associated public IP not deletable")
    except HttpResponseError as e:
        check(e.error.code == "PublicIPAddressCannotBeDeleted", "associated public IP: PublicIPAddressCannotBeDeleted")

    nic = net.network_interfaces.get(rg, "gw-1-nic")
    nic.ip_configurations[1].public_ip_address = None
    net.network_interfaces.begin_create_or_update(rg, "gw-1-nic", nic).result()
    net.public_ip_addresses.begin_delete(rg, "py-pip").result()
    try:
        net.public_ip_addresses.get(rg, "py-pip")
        check(False, "deleted public IP gone")
    except HttpResponseError as e:
        check(e.status_code == 404 and e.error.code == "ResourceNotFound", "DELETE polled (Location), then 404")

    natted = net.subnets.get(rg, "gateways-vnet", "natted")
    check(natted.nat_gateway is not None and natted.nat_gateway.id.endswith("/natGateways/egress-nat"),
          "subnet shows its NAT gateway")
    print("all checks passed")


if __name__ == "__main__":
    main(sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3])
