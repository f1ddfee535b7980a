package org.satit.tools;

import org.satit.api.SatitStack;
import com.google.common.io.MoreFiles;
import com.google.common.io.RecursiveDeleteOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.satit.ingest.cdc.CdcSource;
import org.satit.ingest.cdc.ReplicationSlots;
import org.satit.ingest.source.EmbeddedSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "reset", mixinStandardHelpOptions = true,
    description = {"Forget what ingest has done, cleanly: drop the demo's replication slot and publication in",
        "the source, delete the checkpoints and the DuckDB warehouse. The next start snapshots afresh.",
        "The generated source and the pseudonym key stay (pseudonyms remain stable) unless --all."})
final class ResetCommand implements Callable<Integer> {

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--data-dir", defaultValue = "data/demo", description = "the demo's data. Default: ${DEFAULT-VALUE}")
  Path dataDir;

  @Option(names = "--all", description = "also delete the generated source and the pseudonym key")
  boolean all;

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    if (!Files.isDirectory(dataDir)) {
      throw new IllegalArgumentException("no demo data in " + dataDir.toAbsolutePath());
    }
    if (Files.isDirectory(dataDir.resolve("source"))) {
      try (EmbeddedSource source = EmbeddedSource.start(dataDir.resolve("source"), 0)) {
        CdcSource cdc = DemoStack.cdcOf(source);
        for (String slot : new String[] {cdc.slotName(), cdc.preloadSlotName()}) {
          boolean dropped = ReplicationSlots.dropIfInactive(cdc, slot);
          out.println(dropped ? "dropped replication slot " + slot + " and its publication"
              : "no inactive replication slot " + slot + " (a slot still being read keeps its publication)");
        }
      }
    }
    Path warehouse = dataDir.resolve(SatitStack.WAREHOUSE_FILE);
    if (Files.exists(warehouse) && !all) {
      // what the public saw and the embed registry come from no source: kept, and taken back at the next start
      try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + warehouse.toAbsolutePath())) {
        org.satit.warehouse.Migrations.apply(c);
        Path kept = dataDir.resolve(org.satit.warehouse.KeptHistory.FOLDER);
        long rows = org.satit.warehouse.KeptHistory.keep(c, kept);
        out.println("kept the public release history and the embed registry (" + rows + " rows) in " + kept);
      }
    }
    delete(dataDir.resolve("checkpoints"), out);
    delete(warehouse, out);
    delete(dataDir.resolve(SatitStack.WAREHOUSE_FILE + ".wal"), out);
    if (all) {
      delete(dataDir, out);
    }
    out.println("reset done: the next 'satit demo' snapshots the source afresh");
    out.flush();
    return 0;
  }

  private static void delete(Path p, java.io.PrintWriter out) throws java.io.IOException {
    if (!Files.exists(p)) {
      return;
    }
    MoreFiles.deleteRecursively(p, RecursiveDeleteOption.ALLOW_INSECURE); // a file or a whole folder
    out.println("deleted " + p);
  }
}
