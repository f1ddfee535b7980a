package org.satit.api.ops;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * The errors Jetty answers before a request reaches satit's routes (a URI or headers too long, a malformed
 * request line or escape) in satit's own form: {@code {"error": …, "status": …}} as JSON with the security
 * headers, instead of Jetty's HTML page.
 */
public final class JsonErrors extends ErrorHandler {

  static String body(int status, String message) {
    String m = message == null || message.isBlank() ? HttpStatus.getMessage(status) : message;
    StringBuilder out = new StringBuilder("{\"error\":\"");
    for (char c : m.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append("\",\"status\":").append(status).append('}').toString();
  }

  private static void headers(HttpFields.Mutable fields) {
    fields.put(HttpHeader.CONTENT_TYPE, "application/json");
    fields.put("Content-Security-Policy", SecurityHeaders.CSP);
    fields.put("X-Content-Type-Options", "nosniff");
    fields.put("X-Frame-Options", "DENY");
    fields.put(HttpHeader.CACHE_CONTROL, "no-store");
  }

  /** Every method gets its JSON error (Jetty writes error bodies only for GET, POST and HEAD by default). */
  @Override
  public boolean errorPageForMethod(String method) {
    return true;
  }

  @Override
  protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                  Callback callback) {
    headers(response.getHeaders());
    response.write(true, ByteBuffer.wrap(body(code, message).getBytes(StandardCharsets.UTF_8)), callback);
  }

  @Override
  public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
    headers(fields);
    return ByteBuffer.wrap(body(status, reason).getBytes(StandardCharsets.UTF_8));
  }
}
