package org.satit.api;

import io.javalin.http.Context;
import java.util.Map;

/** A request's JSON object body, or a 400 that says what is wrong with it. */
public final class JsonBody {

  private JsonBody() {
  }

  public static Map<?, ?> of(Context ctx) {
    if (ctx.contentType() == null || !ctx.contentType().startsWith("application/json")) {
      throw ApiError.badRequest("send a JSON object (Content-Type: application/json)");
    }
    Map<?, ?> m;
    try {
      m = ctx.bodyAsClass(Map.class);
    } catch (Exception e) { // Jackson's parse errors arrive unchecked from Javalin
      throw ApiError.badRequest("the body is not a JSON object");
    }
    if (m == null) {
      throw ApiError.badRequest("the body is not a JSON object");
    }
    return m;
  }

  /** A text field (null when absent); 400 when it is not text. */
  public static String text(Map<?, ?> body, String field) {
    Object v = body.get(field);
    if (v != null && !(v instanceof String)) {
      throw ApiError.badRequest(field + " must be text");
    }
    return (String) v;
  }

  /** A whole-number field from {@code min} to {@code max}, {@code fallback} when absent. */
  public static int integer(Map<?, ?> body, String field, int min, int max, int fallback) {
    Object v = body.get(field);
    if (v == null) {
      return fallback;
    }
    if (!(v instanceof Integer i) || i < min || i > max) {
      throw ApiError.badRequest(field + " must be a whole number from " + min + " to " + max);
    }
    return i;
  }
}
