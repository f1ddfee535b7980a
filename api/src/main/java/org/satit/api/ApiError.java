package org.satit.api;

/**
 * A request satit will not answer, with the HTTP status and a message for the person or program that
 * sent it. The server turns it into {@code {"error": message, "status": status}}.
 */
public class ApiError extends RuntimeException {

  private final int status;

  public ApiError(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiError badRequest(String message) {
    return new ApiError(400, message);
  }

  public static ApiError unauthorized(String message) {
    return new ApiError(401, message);
  }

  public static ApiError forbidden(String message) {
    return new ApiError(403, message);
  }

  /** What a principal may not do: the public is asked to log in (401), a logged-in user is refused (403). */
  public static ApiError notFor(org.satit.warehouse.query.Principal p, String what) {
    return p.role() == org.satit.warehouse.query.Role.PUBLIC ? unauthorized("log in to " + what)
        : forbidden("role " + p.role().id() + " may not " + what);
  }

  public static ApiError notFound(String message) {
    return new ApiError(404, message);
  }

  /** A request body over {@code limit} bytes. */
  public static ApiError tooLarge(long limit) {
    return new ApiError(413, "request body over " + limit / 1024 + " KiB");
  }
}
