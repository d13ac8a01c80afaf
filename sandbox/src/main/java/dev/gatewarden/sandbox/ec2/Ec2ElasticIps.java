package dev.gatewarden.sandbox.ec2;

import java.util.Map;

/** Elastic IPs: AllocateAddress, AssociateAddress, DisassociateAddress and ReleaseAddress. */
final class Ec2ElasticIps extends Ec2Actions {
    Ec2ElasticIps(Ec2State state, long now) {
        super(state, now);
    }

    void allocateAddress(Ec2Params p, Xml out) {
        String domain = p.get("Domain");
        if (domain != null && !domain.equals("vpc")) {
            throw Ec2Error.invalidValue("Invalid value '" + domain + "' for domain: EC2-Classic is retired; use vpc");
        }
        String border = p.get("NetworkBorderGroup");
        if (border != null && !border.equals(state.region)) {
            throw Ec2Error.badRequest("InvalidParameterValue", "Invalid network border group '" + border + "'");
        }
        String pool = p.get("PublicIpv4Pool");
        if (pool == null) {
            pool = "amazon";
        } else if (!state.publicPools.containsKey(pool)) {
            throw Ec2Error.badRequest("InvalidPublicIpv4PoolID.NotFound", "The pool ID '" + pool + "' does not exist");
        }
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (Ec2Params spec : p.structs("TagSpecification")) {
            String type = spec.get("ResourceType");
            if (!"elastic-ip".equals(type)) {
                throw Ec2Error.invalidValue("'" + type + "' is not a valid taggable resource type for this operation.");
            }
            spec.tags("Tag").forEach((k, v) -> tags.put(k, v == null ? "" : v));
        }
        Ec2Tags.checkTags(tags, Map.of());
        if (pool.equals("amazon")) {
            long used = state.addresses.values().stream().filter(a -> "amazon".equals(a.pool)).count();
            if (used >= state.eipQuota) {
                throw Ec2Error.badRequest("AddressLimitExceeded", "The maximum number of addresses has been reached.");
            }
        }
        String ip = p.get("Address");
        if (ip != null) {
            String wanted = ip;
            boolean taken = state.addresses.values().stream().anyMatch(a -> a.publicIp.equals(wanted));
            boolean inPool = state.publicPools.get(pool).stream().anyMatch(c -> Ipv4Cidr.parse(c).contains(wanted));
            if (taken || !inPool) {
                throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
            }
        } else {
            ip = Ec2World.freePublicIp(state, pool);
            if (ip == null) {
                throw Ec2Error.badRequest("InsufficientAddressCapacity", "The pool " + pool + " has no free addresses.");
            }
        }
        Ec2State.Address a = new Ec2State.Address();
        a.allocationId = Ec2World.nextId(state, "eipalloc-");
        a.publicIp = ip;
        a.pool = pool;
        a.tags.putAll(tags);
        a.visibleAt = state.consistencyLagMillis > 0 ? now + state.consistencyLagMillis : 0;
        state.addresses.put(a.allocationId, a);
        out.el("publicIp", a.publicIp).el("domain", "vpc").el("allocationId", a.allocationId)
                .el("publicIpv4Pool", a.pool).el("networkBorderGroup", state.region);
    }

    private Ec2State.Address addressByIdOrIp(Ec2Params p, String idKey) {
        String id = p.get(idKey);
        if (id != null) {
            Ec2State.Address a = state.addresses.get(id);
            if (a == null) {
                throw Ec2Error.badRequest("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
            }
            return a;
        }
        String ip = p.get("PublicIp");
        if (ip == null) {
            throw Ec2Error.missing(idKey);
        }
        return state.addresses.values().stream().filter(a -> a.publicIp.equals(ip)).findFirst()
                .orElseThrow(() -> Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found."));
    }

    void associateAddress(Ec2Params p, Xml out) {
        Ec2State.Address a = addressByIdOrIp(p, "AllocationId");
        String instanceId = p.get("InstanceId");
        String eniId = p.get("NetworkInterfaceId");
        if (instanceId != null && eniId != null) {
            throw Ec2Error.badRequest("InvalidParameterCombination",
                    "You may specify either an instance ID or a network interface ID, not both.");
        }
        Ec2State.Eni eni;
        if (eniId != null) {
            eni = eni(eniId);
        } else if (instanceId != null) {
            Ec2State.Instance i = instance(instanceId);
            if (i.interfaces.size() != 1) {
                throw Ec2Error.badRequest("InvalidInstanceID", "There are multiple interfaces attached to instance '"
                        + instanceId + "'. Please specify an interface ID for the operation instead.");
            }
            eni = state.interfaces.get(i.interfaces.get(0));
        } else {
            throw Ec2Error.missing("InstanceId or NetworkInterfaceId");
        }
        String privateIp = p.get("PrivateIpAddress");
        if (privateIp == null) {
            privateIp = eni.primaryIp();
        } else if (!eni.privateIps.contains(privateIp)) {
            throw Ec2Error.invalidValue("The specified private IP address " + privateIp
                    + " is not assigned to network interface " + eni.id);
        }
        boolean sameTarget = eni.id.equals(a.interfaceId) && privateIp.equals(a.privateIp);
        if (sameTarget) {
            out.el("return", "true").el("associationId", a.associationId);
            return;
        }
        if (a.associationId != null) {
            Boolean allow = p.bool("AllowReassociation");
            boolean reassociate = allow == null ? state.reassociateByDefault : allow;
            if (!reassociate) {
                throw Ec2Error.badRequest("Resource.AlreadyAssociated",
                        "resource " + a.allocationId + " is already associated with associate-id " + a.associationId);
            }
            disassociate(state, a);
        }
        for (Ec2State.Address other : state.addresses.values()) {
            if (eni.id.equals(other.interfaceId) && privateIp.equals(other.privateIp)) {
                disassociate(state, other);
            }
        }
        a.interfaceId = eni.id;
        a.privateIp = privateIp;
        a.associationId = Ec2World.nextId(state, "eipassoc-");
        out.el("return", "true").el("associationId", a.associationId);
    }

    /** Ends an association; its id is remembered, so disassociating it again is not an error. */
    static void disassociate(Ec2State state, Ec2State.Address a) {
        if (a.associationId != null) {
            state.retiredAssociations.add(a.associationId);
        }
        a.associationId = null;
        a.interfaceId = null;
        a.privateIp = null;
    }

    void disassociateAddress(Ec2Params p, Xml out) {
        String assoc = p.get("AssociationId");
        Ec2State.Address a;
        if (assoc != null) {
            a = state.addresses.values().stream().filter(x -> assoc.equals(x.associationId)).findFirst().orElse(null);
            if (a == null && !state.retiredAssociations.contains(assoc)) {
                throw Ec2Error.badRequest("InvalidAssociationID.NotFound", "The association ID '" + assoc + "' does not exist");
            }
        } else {
            a = addressByIdOrIp(p, "AssociationId");
        }
        if (a != null) {
            disassociate(state, a);
        }
        out.el("return", "true");
    }

    void releaseAddress(Ec2Params p, Xml out) {
        Ec2State.Address a = addressByIdOrIp(p, "AllocationId");
        String border = p.get("NetworkBorderGroup");
        if (border != null && !border.equals(state.region)) {
            throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + a.publicIp + "' not found in " + border);
        }
        if (a.associationId != null) {
            Ec2State.Eni eni = state.interfaces.get(a.interfaceId);
            Ec2State.Vpc vpc = eni == null ? null : state.vpcs.get(eni.vpcId);
            if (vpc == null || !vpc.isDefault) {
                throw Ec2Error.badRequest("InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
            }
            disassociate(state, a); // a default VPC disassociates an associated address on release
        }
        state.addresses.remove(a.allocationId);
        out.el("return", "true");
    }
}
