package org.satit.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code satit} command line of the production jar: {@code serve}, {@code user}, {@code audit}. The tools jar
 * ({@code org.satit.tools.SatitTools}) puts the demo, generator, simulator, benchmarks and suites in front of these.
 */
@Command(name = "satit",
    mixinStandardHelpOptions = true,
    versionProvider = Satit.Version.class,
    description = {
        "satit: an open data warehouse and BI layer for Thai basic education (OBEC / ESA offices).",
        "Streams the EMIS/OBEC source databases into a DuckDB star schema and serves it to analysts,",
        "district offices and the public."},
    footer = {"", "Also, handled by the ./satit launcher itself:",
        "  ./satit test    set up what the tests need, then run the whole test suite (mvn verify)",
        "", "Run 'satit COMMAND --help' for a command's options."})
public final class Satit implements Runnable {

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The configured command line; tests call {@code execute} on it. */
  public static CommandLine commandLine() {
    return commandLine(java.util.List.of());
  }

  /** The same with more commands (picocli command objects) listed before the production ones. */
  public static CommandLine commandLine(java.util.List<Object> firstCommands) {
    CommandLine cl = new CommandLine(new Satit());
    firstCommands.forEach(cl::addSubcommand);
    for (Object c : new Object[] {new ServeCommand(), new UserCommand(), new AuditCommand(),
        new CommandLine.HelpCommand()}) {
      cl.addSubcommand(c);
    }
    cl.setParameterExceptionHandler(Satit::oneLineError);
    cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
      if (e instanceof org.satit.ingest.spec.RefusedStart) {
        cmd.getErr().println("satit: " + e.getMessage());
        return 1;
      }
      boolean usage = e instanceof IllegalArgumentException || e instanceof IllegalStateException;
      cmd.getErr().println("satit: " + (usage ? "" : e.getClass().getSimpleName() + ": ") + e.getMessage());
      if (System.getenv("SATIT_DEBUG") != null) {
        e.printStackTrace(cmd.getErr());
      }
      return usage ? 2 : 1;
    });
    return cl;
  }

  private static int oneLineError(CommandLine.ParameterException e, String[] args) {
    PrintWriter err = e.getCommandLine().getErr();
    err.println("satit: " + e.getMessage() + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName()
        + " --help')");
    return 2;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = Satit.class.getPackage().getImplementationVersion();
      return new String[] {"satit " + (v == null ? "dev" : v)};
    }
  }
}
