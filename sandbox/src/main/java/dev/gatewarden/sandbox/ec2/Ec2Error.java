package dev.gatewarden.sandbox.ec2;

/** An EC2 API error: rendered as the {@code <Response><Errors>} envelope with this code and HTTP status. */
final class Ec2Error extends RuntimeException {
    final int status;
    final String code;

    Ec2Error(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    static Ec2Error badRequest(String code, String message) {
        return new Ec2Error(400, code, message);
    }

    static Ec2Error invalidValue(String message) {
        return badRequest("InvalidParameterValue", message);
    }

    static Ec2Error missing(String parameter) {
        return badRequest("MissingParameter", "The request must contain the parameter " + parameter);
    }
}
