package org.satit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SatitCommandTest {

  record Run(int exit, String out, String err) {
  }

  static Run run(String... args) {
    CommandLine cl = Satit.commandLine();
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommands() {
    Run r = run("--help");
    assertThat(r.exit()).isZero();
    assertThat(r.out()).contains("demo", "generate", "simulate", "./satit test");
    assertThat(run("generate", "--help").out()).contains("--scale", "--seed", "--target", "country");
  }

  @Test
  void badArgumentsGiveOneLineAndExitCode2() {
    assertOneLineError(run("generate"), "--target");
    assertOneLineError(run("generate", "--scale", "galaxy", "--target", "jdbc:postgresql://127.0.0.1/x"), "unknown scale");
    assertOneLineError(run("generate", "--target", "jdbc:oracle:thin:@x"), "unsupported JDBC URL");
    assertOneLineError(run("generate", "--years", "2570-2571", "--target", "jdbc:postgresql://127.0.0.1/x"), "not available");
    assertOneLineError(run("generate", "--esa", "9999", "--target", "jdbc:postgresql://127.0.0.1/x"), "unknown ESA code");
    assertOneLineError(run("generate", "--seed", "abc", "--target", "jdbc:postgresql://127.0.0.1/x"), "abc");
    assertOneLineError(run("demo", "--rate", "-1"), "--rate");
    assertOneLineError(run("frobnicate"), "frobnicate");
  }

  private static void assertOneLineError(Run r, String mentions) {
    assertThat(r.exit()).as(r.err()).isEqualTo(2);
    assertThat(r.err().strip().lines()).as(r.err()).hasSize(1);
    assertThat(r.err()).startsWith("satit: ").contains(mentions);
  }

  @Test
  void anUnreachableTargetIsAClearErrorNotAStackTrace() {
    Run r = run("generate", "--target", "jdbc:postgresql://127.0.0.1:1/emis");
    assertThat(r.exit()).isEqualTo(1);
    assertThat(r.err().strip().lines()).hasSize(1);
    assertThat(r.err()).contains("satit: ").contains("refused");
  }

  @Test
  void demoStartsTheSourceLoadsItKeepsItChangingAndRestartsOnItsData(@TempDir Path dir) {
    Run first = run("demo", "--data-dir", dir.toString(), "--source-port", "0", "--rate", "100",
        "--duration", "6", "--status-every", "2");
    assertThat(first.exit()).as(first.err()).isZero();
    assertThat(first.out()).contains("first start: generating the esa scale source", "JDBC URL : jdbc:postgresql://127.0.0.1:",
        "wal_level=logical", "simulator: 100 changes/s");
    long changes = first.out().lines().filter(l -> l.startsWith("source changes:"))
        .mapToLong(l -> Long.parseLong(l.replaceAll("source changes: ([\\d,]+).*", "$1").replace(",", ""))).max()
        .orElse(0);
    assertThat(changes).as(first.out()).isGreaterThan(100);

    Run second = run("demo", "--data-dir", dir.toString(), "--source-port", "0", "--rate", "0", "--duration", "1");
    assertThat(second.exit()).as(second.err()).isZero();
    assertThat(second.out()).contains("source already generated: esa scale, seed 7").contains("simulator: off");
  }
}
