package dev.gatewarden.sandbox.arm;

/** An ARM error answer: HTTP status and the {@code CloudError} code and message. */
final class ArmError extends RuntimeException {
    final int status;
    final String code;
    final String target;

    ArmError(int status, String code, String message) {
        this(status, code, message, null);
    }

    ArmError(int status, String code, String message, String target) {
        super(message);
        this.status = status;
        this.code = code;
        this.target = target;
    }

    static ArmError badRequest(String code, String message) {
        return new ArmError(400, code, message);
    }

    static ArmError notFound(String type, String name, String resourceGroup) {
        return new ArmError(404, "ResourceNotFound", "The Resource '" + type + "/" + name
                + "' under resource group '" + resourceGroup + "' was not found. For more details please go to "
                + "https://aka.ms/ARMResourceNotFoundFix");
    }
}
