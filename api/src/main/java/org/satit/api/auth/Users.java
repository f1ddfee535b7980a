package org.satit.api.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.satit.warehouse.query.Principal;
import org.satit.warehouse.query.Role;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/**
 * Who may log in, and the API tokens of machine clients: a YAML file of users, each with a role, an ESA
 * for district users, and an Argon2id password hash (Spring Security's encoder; the hash string carries
 * its own salt and parameters), and of tokens, each acting as one user, kept as a SHA-256 digest of the
 * random token (shown once, when made). Passwords and tokens themselves are never stored. The admin page
 * (and {@code satit user add}) change the file through this class only: every change reads the file, changes
 * it and writes it atomically (a temporary file moved over it, owner-only) under one lock, {@link #FILE}, so
 * that no change is written over another, and the in-memory view is taken in under the same lock.
 *
 * <pre>
 * users:
 *   - name: somchai
 *     role: district        # public | district | analyst | admin
 *     esa: "5003"
 *     passwordHash: $argon2id$v=19$m=16384,t=2,p=1$...
 * tokens:
 *   - id: t-3f9a1c
 *     user: somchai
 *     label: ESA office reporting script
 *     sha256: 5e8c…
 *     created: 2026-12-01T09:00:00Z
 *     expires: 2027-12-01T09:00:00Z
 * </pre>
 */
public final class Users {

  private static final Argon2PasswordEncoder ENCODER = Argon2PasswordEncoder.defaultsForSpringSecurity_v5_8();
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final SecureRandom RANDOM = new SecureRandom();
  /** What every API token starts with, so a leaked one is easy to recognise (and to scan for). */
  public static final String TOKEN_PREFIX = "satit_";
  public static final int MIN_PASSWORD = 12;

  private record User(Principal principal, String passwordHash) {
  }

  /**
   * A user as the file holds it now: the principal, and a version that changes whenever the user is added or
   * replaced (a digest of the salted password hash, new on every write), so that what was granted by an earlier
   * user of the same name, or by this user before a change, can be told apart (embed tokens).
   */
  public record Account(Principal principal, String version) {
  }

  /** An API token as the admin page lists it (never the token itself). */
  public record ApiToken(String id, String user, String label, Instant created, Instant expires) {
  }

  private record Stored(ApiToken token, String sha256) {
  }

  /** The one lock under which every users file is read, changed and written in this JVM. */
  private static final Object FILE = new Object();

  private final Path file;
  private final PasswordChecks checks;
  private volatile Map<String, User> byName;
  private volatile List<Stored> tokens;

  private Users(Path file, PasswordChecks checks, Map<String, User> byName, List<Stored> tokens) {
    this.file = file;
    this.checks = checks;
    this.byName = Map.copyOf(byName);
    this.tokens = List.copyOf(tokens);
  }

  /** Nobody: every request is the public's (and the admin page cannot add users: there is no file). */
  public static Users none() {
    return new Users(null, PasswordChecks.defaults(), Map.of(), List.of());
  }

  /** Reads a users file (a missing file is an empty one); a bad entry is a one-line error naming the user. */
  public static Users load(Path file) throws IOException {
    return load(file, PasswordChecks.defaults());
  }

  /** The same, with {@code checks} bounding how many password checks run at once. */
  public static Users load(Path file, PasswordChecks checks) throws IOException {
    Users u = new Users(file, checks, Map.of(), List.of());
    synchronized (FILE) {
      u.read();
    }
    return u;
  }

  /** Takes the file in (under {@link #FILE}). */
  private void read() throws IOException {
    JsonNode root = Files.exists(file) ? YAML.readTree(file.toFile()) : null;
    Map<String, User> users = new LinkedHashMap<>();
    List<Stored> list = new ArrayList<>();
    if (root != null) {
      for (JsonNode u : root.path("users")) {
        String name = u.path("name").asText("");
        String where = file + ": user '" + name + "': ";
        checkName(name, where);
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
      for (JsonNode t : root.path("tokens")) {
        String where = file + ": token '" + t.path("id").asText() + "': ";
        if (!users.containsKey(t.path("user").asText()) || !t.path("sha256").asText().matches("[0-9a-f]{64}")) {
          throw new IllegalArgumentException(where + "needs a listed user and a sha256 digest");
        }
        try {
          list.add(new Stored(new ApiToken(t.path("id").asText(), t.path("user").asText(), t.path("label").asText(""),
              Instant.parse(t.path("created").asText()), Instant.parse(t.path("expires").asText())),
              t.path("sha256").asText()));
        } catch (java.time.format.DateTimeParseException e) {
          throw new IllegalArgumentException(where + "created and expires must be ISO-8601 instants");
        }
      }
    }
    byName = Map.copyOf(users);
    tokens = List.copyOf(list);
  }

  private static void checkName(String name, String where) {
    if (name == null || !name.matches("[A-Za-z0-9_.@-]{1,64}")) {
      throw new IllegalArgumentException(where + "name must be 1-64 letters, digits or _.@-");
    }
  }

  /**
   * The user's principal when the password matches; empty otherwise (unknown user or wrong password alike).
   * {@link PasswordChecks.Busy} when too many checks run already and no turn came in time.
   */
  public Optional<Principal> authenticate(String name, String password) {
    User u = name == null ? null : byName.get(name);
    return checks.run(() -> {
      if (u == null || password == null) {
        // spend the same work as a real check, so timing does not tell which user names exist
        ENCODER.matches(password == null ? "" : password, DUMMY_HASH);
        return Optional.empty();
      }
      return ENCODER.matches(password, u.passwordHash()) ? Optional.of(u.principal()) : Optional.empty();
    });
  }

  /** The principal an API token acts as, if the token is known and has not expired. */
  public Optional<Principal> authenticateToken(String token) {
    if (token == null || !token.startsWith(TOKEN_PREFIX) || token.length() > 100) {
      return Optional.empty();
    }
    byte[] digest = sha256(token).getBytes(StandardCharsets.US_ASCII);
    Instant now = Instant.now();
    for (Stored s : tokens) {
      if (MessageDigest.isEqual(digest, s.sha256().getBytes(StandardCharsets.US_ASCII)) && now.isBefore(s.token().expires())) {
        User u = byName.get(s.token().user());
        return u == null ? Optional.empty() : Optional.of(u.principal());
      }
    }
    return Optional.empty();
  }

  private static final String DUMMY_HASH = ENCODER.encode("satit-no-such-user");

  /** The user of this name as it stands now, if there is one. */
  public Optional<Account> account(String name) {
    User u = name == null ? null : byName.get(name);
    return u == null ? Optional.empty() : Optional.of(new Account(u.principal(), sha256(u.passwordHash())));
  }

  public int size() {
    return byName.size();
  }

  /** Whether changes can be saved (the users came from a file). */
  public boolean editable() {
    return file != null;
  }

  /** The users, without their hashes, in file order. */
  public List<Principal> list() {
    return byName.values().stream().map(User::principal).toList();
  }

  public List<ApiToken> tokens() {
    return tokens.stream().map(Stored::token).toList();
  }

  /** Adds or replaces a user in this file (admin page) and takes the change in at once. */
  public void put(String name, Role role, String esa, String password) throws IOException {
    requireFile();
    if (password == null || password.length() < MIN_PASSWORD || password.length() > 200) {
      throw new IllegalArgumentException("a password has " + MIN_PASSWORD + " to 200 characters");
    }
    checkName(name, "user '" + name + "': ");
    new Principal(name, role, esa); // validates role/ESA
    String hash = hash(password); // the slow part, outside the lock
    synchronized (FILE) {
      put(file, name, role, esa, hash);
      read();
    }
  }

  /** Removes a user and the user's API tokens; false when there was no such user. */
  public boolean remove(String name) throws IOException {
    requireFile();
    synchronized (FILE) {
      boolean found = edit(file, root -> {
        boolean gone = removeWhere(root.withArray("users"), "name", name);
        removeWhere(root.withArray("tokens"), "user", name);
        return gone;
      });
      read();
      return found;
    }
  }

  /** Makes an API token acting as {@code user} for {@code days}; returns it in full (the only time it is seen). */
  public String createToken(String user, String label, int days) throws IOException {
    requireFile();
    if (days < 1 || days > 731) {
      throw new IllegalArgumentException("a token lasts 1 to 731 days, got " + days);
    }
    if (label == null || label.length() > 100 || label.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException("label: up to 100 characters, no control characters");
    }
    byte[] raw = new byte[32];
    RANDOM.nextBytes(raw);
    String token = TOKEN_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    String id = "t-" + HexFormat.of().formatHex(raw, 0, 4);
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    synchronized (FILE) {
      if (user == null || !byName.containsKey(user)) {
        throw new IllegalArgumentException(user == null ? "user is needed" : "no user '" + user + "'");
      }
      edit(file, root -> {
        ObjectNode t = root.withArray("tokens").addObject();
        t.put("id", id);
        t.put("user", user);
        t.put("label", label);
        t.put("sha256", sha256(token));
        t.put("created", now.toString());
        t.put("expires", now.plus(days, ChronoUnit.DAYS).toString());
        return true;
      });
      read();
    }
    return token;
  }

  /** Revokes an API token; false when there was no such token. */
  public boolean revokeToken(String id) throws IOException {
    requireFile();
    synchronized (FILE) {
      boolean found = edit(file, root -> removeWhere(root.withArray("tokens"), "id", id));
      read();
      return found;
    }
  }

  private void requireFile() {
    if (file == null) {
      throw new IllegalStateException("satit runs without a users file (users: in the configuration): nothing to change");
    }
  }

  private interface Edit {
    boolean apply(ObjectNode root);
  }

  /** Reads the file, applies the change, writes it atomically; callers hold {@link #FILE}. */
  private static boolean edit(Path file, Edit change) throws IOException {
    ObjectNode root = Files.exists(file) && YAML.readTree(file.toFile()) instanceof ObjectNode o ? o : YAML.createObjectNode();
    boolean changed = change.apply(root);
    write(file, root);
    return changed;
  }

  private static boolean removeWhere(ArrayNode list, String field, String value) {
    boolean found = false;
    for (int i = list.size() - 1; i >= 0; i--) {
      if (value.equals(list.get(i).path(field).asText())) {
        list.remove(i);
        found = true;
      }
    }
    return found;
  }

  public static String hash(String password) {
    return ENCODER.encode(password);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Adds (or replaces) a user in a users file, creating the file when missing; owner-only permissions. */
  public static void add(Path file, String name, Role role, String esa, String password) throws IOException {
    checkName(name, "user '" + name + "': ");
    new Principal(name, role, esa); // validates role/ESA
    String hash = hash(password); // the slow part, outside the lock
    synchronized (FILE) {
      put(file, name, role, esa, hash);
    }
  }

  /** Writes the (checked) user with its hash into the file; callers hold {@link #FILE}. */
  private static void put(Path file, String name, Role role, String esa, String passwordHash) throws IOException {
    edit(file, root -> {
      ArrayNode list = root.withArray("users");
      removeWhere(list, "name", name);
      ObjectNode u = list.addObject();
      u.put("name", name);
      u.put("role", role.id());
      if (esa != null) {
        u.put("esa", esa);
      }
      u.put("passwordHash", passwordHash);
      return true;
    });
  }

  private static void write(Path file, ObjectNode root) throws IOException {
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
