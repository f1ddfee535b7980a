package org.satit.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Who may log in: a YAML file of users, each with a role, an ESA for district users, and an Argon2id
 * password hash (Spring Security's encoder; the hash string carries its own salt and parameters).
 * Passwords themselves are never stored.
 *
 * <pre>
 * users:
 *   - name: somchai
 *     role: district        # public | district | analyst | admin
 *     esa: "5003"
 *     passwordHash: $argon2id$v=19$m=16384,t=2,p=1$...
 * </pre>
 */
public final class Users {

  private static final Argon2PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  private record User(Principal principal, String passwordHash) {
  }

  private final Map<String, User> byName;

  private Users(Map<String, User> byName) {
    this.byName = Map.copyOf(byName);
  }

  public static Users none() {
    return new Users(Map.of());
  }

  /** Reads a users file; a bad entry is a one-line error naming the user. */
  public static Users load(Path file) throws IOException {
    JsonNode root = YAML.readTree(file.toFile());
    Map<String, User> users = new LinkedHashMap<>();
    for (JsonNode u : root.path("users")) {
      String name = u.path("name").asText("");
      String where = file + ": user '" + name + "': ";
      if (!name.matches("[A-Za-z0-9_.@-]{1,64}")) {
        throw new IllegalArgumentException(where + "name must be 1-64 letters, digits or _.@-");
      }
      String hash = u.path("passwordHash").asText("");
      if (!hash.startsWith("$argon2id$")) {
        throw new IllegalArgumentException(where + "passwordHash must be an Argon2id hash (make one with 'satit user add')");
      }
      Principal p;
      try {
        p = new Principal(name, Role.of(u.path("role").asText("")), u.hasNonNull("esa") ? u.get("esa").asText() : null);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(where + e.getMessage());
      }
      if (users.put(name, new User(p, hash)) != null) {
        throw new IllegalArgumentException(where + "listed twice");
      }
    }
    return new Users(users);
  }

  /** The user's principal when the password matches; empty otherwise (unknown user or wrong password alike). */
  public Optional<Principal> authenticate(String name, String password) {
    User u = name == null ? null : byName.get(name);
    if (u == null || password == null) {
      // spend the same work as a real check, so timing does not tell which user names exist
      ENCODER.matches(password == null ? "" : password, DUMMY_HASH);
      return Optional.empty();
    }
    return ENCODER.matches(password, u.passwordHash()) ? Optional.of(u.principal()) : Optional.empty();
  }

  private static final String DUMMY_HASH = ENCODER.encode("satit-no-such-user");

  public int size() {
    return byName.size();
  }

  public static String hash(String password) {
    return ENCODER.encode(password);
  }

  /** Adds (or replaces) a user in a users file, creating the file when missing; owner-only permissions. */
  public static void add(Path file, String name, Role role, String esa, String password) throws IOException {
    new Principal(name, role, esa); // validates role/ESA
    ObjectNode root = Files.exists(file) ? (ObjectNode) YAML.readTree(file.toFile()) : YAML.createObjectNode();
    if (root == null) {
      root = YAML.createObjectNode();
    }
    ArrayNode list = root.has("users") ? (ArrayNode) root.get("users") : root.putArray("users");
    for (int i = list.size() - 1; i >= 0; i--) {
      if (name.equals(list.get(i).path("name").asText())) {
        list.remove(i);
      }
    }
    ObjectNode u = list.addObject();
    u.put("name", name);
    u.put("role", role.id());
    if (esa != null) {
      u.put("esa", esa);
    }
    u.put("passwordHash", hash(password));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    YAML.writeValue(tmp.toFile(), root);
    restrict(tmp);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private static void restrict(Path file) {
    try {
      Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException | IOException e) {
      // not a POSIX file system: leave the default
    }
  }
}
