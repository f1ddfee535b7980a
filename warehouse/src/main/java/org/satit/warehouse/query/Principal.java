package org.satit.warehouse.query;

import java.util.regex.Pattern;

/**
 * Who is asking: a user name, a role, and for the district role the ESA it may see in full.
 */
public record Principal(String name, Role role, String esaCode) {

  private static final Pattern ESA_CODE = Pattern.compile("\\d{4}");

  public Principal {
    if (role == Role.DISTRICT) {
      if (esaCode == null || !ESA_CODE.matcher(esaCode).matches()) {
        throw new IllegalArgumentException("a district user needs a 4-digit ESA code, got " + esaCode);
      }
    } else if (esaCode != null) {
      throw new IllegalArgumentException("only district users are scoped to an ESA");
    }
  }

  public static Principal anonymous() {
    return new Principal("public", Role.PUBLIC, null);
  }

  /** Role and ESA: principals with the same scope see exactly the same data. */
  public String scope() {
    return esaCode == null ? role.id() : role.id() + ":" + esaCode;
  }
}
