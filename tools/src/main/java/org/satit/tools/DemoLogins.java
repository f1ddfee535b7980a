package org.satit.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Role;

/**
 * The demo's logins: on first start, one user per role (analyst, district for ESA 5003, admin) with a
 * random password, hashed into {@code users.yaml} and written in clear only to the owner-only file
 * {@code demo-logins.txt} of the data directory, so a person trying the demo can log in.
 */
final class DemoLogins {

  static final String USERS_FILE = "users.yaml";
  static final String LOGINS_FILE = "demo-logins.txt";
  static final String DEMO_ESA = "5003";

  private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  record Demo(Users users, Path loginsFile) {
  }

  private DemoLogins() {
  }

  static Demo ensure(Path dataDir) throws IOException {
    Path users = dataDir.resolve(USERS_FILE);
    Path logins = dataDir.resolve(LOGINS_FILE);
    if (!Files.exists(users)) {
      Files.createDirectories(dataDir);
      StringBuilder text = new StringBuilder("# satit demo logins (user role esa password); the hashes are in " + USERS_FILE + "\n");
      SecureRandom random = new SecureRandom();
      for (List<String> u : List.of(List.of("analyst", "analyst"), List.of("district", "district"), List.of("admin", "admin"))) {
        String password = password(random);
        Role role = Role.of(u.get(1));
        String esa = role == Role.DISTRICT ? DEMO_ESA : null;
        Users.add(users, u.get(0), role, esa, password);
        text.append(u.get(0)).append(' ').append(role.id()).append(' ').append(esa == null ? "-" : esa).append(' ')
            .append(password).append('\n');
      }
      Files.writeString(logins, text);
      try {
        Files.setPosixFilePermissions(logins, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not POSIX
      }
    }
    return new Demo(Users.load(users), logins);
  }

  private static String password(SecureRandom random) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }
}
