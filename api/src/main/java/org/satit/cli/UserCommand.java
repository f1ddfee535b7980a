package org.satit.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.api.auth.Users;
import org.satit.warehouse.query.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code satit user add}: adds or replaces a login in a users file (Argon2id hash; the password from stdin). */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage the logins of a users file.",
    subcommands = {UserCommand.Add.class, UserCommand.Token.class})
final class UserCommand implements Runnable {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(name = "add", mixinStandardHelpOptions = true,
      description = {"Add or replace a user; reads the password (one line, at least 12 characters) from standard input.",
          "Example: printf '%s\\n' \"$PASSWORD\" | satit user add --file users.yaml --name somchai --role district --esa 5003"})
  static final class Add implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the users file (created if missing)")
    Path file;

    @Option(names = "--name", required = true, description = "login name")
    String name;

    @Option(names = "--role", required = true, description = "public, district, analyst or admin")
    String role;

    @Option(names = "--esa", description = "4-digit ESA code (district users only)")
    String esa;

    @Override
    public Integer call() throws Exception {
      Role r;
      try {
        r = Role.of(role);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      if (password == null || password.strip().length() < 12) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(),
            "give the password (at least 12 characters) on standard input");
      }
      try {
        Users.add(file, name, r, esa, password.strip());
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      spec.commandLine().getOut().println("user " + name + " (" + r.id() + (esa == null ? "" : " " + esa) + ") saved in " + file);
      return 0;
    }
  }

  @Command(name = "token", mixinStandardHelpOptions = true,
      description = {"Make an API token acting as a user of the users file, for a machine client; prints it once.",
          "A running satit sees it at once only if made on its admin page (/admin); one made here counts from the next start.",
          "Example: satit user token --file users.yaml --name somchai --label 'monthly report' --days 365"})
  static final class Token implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--file", required = true, paramLabel = "FILE", description = "the users file")
    Path file;

    @Option(names = "--name", required = true, description = "the user the token acts as")
    String name;

    @Option(names = "--label", defaultValue = "", description = "what the token is for")
    String label;

    @Option(names = "--days", defaultValue = "365", description = "how long it lasts (1-731, default ${DEFAULT-VALUE})")
    int days;

    @Override
    public Integer call() throws Exception {
      if (!java.nio.file.Files.exists(file)) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "no users file " + file);
      }
      String token;
      try {
        token = Users.load(file).createToken(name, label, days);
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
      }
      spec.commandLine().getOut().println(token);
      spec.commandLine().getErr().println("API token for " + name + " (" + days + " days) saved in " + file
          + " as a digest; copy it now: it is not shown again. Send it as: Authorization: Bearer <token>");
      return 0;
    }
  }
}
