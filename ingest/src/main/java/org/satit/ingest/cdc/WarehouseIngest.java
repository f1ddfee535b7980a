package org.satit.ingest.cdc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.satit.warehouse.writer.Batch;
import org.satit.warehouse.writer.WarehouseWriter;

/**
 * The local {@link ChangeApplier}: maps source changes to warehouse changes and applies them with the
 * warehouse writer, one DuckDB transaction per batch. Rows held in quarantine for naming a school the
 * warehouse did not know yet are released when that school arrives.
 */
public final class WarehouseIngest implements ChangeApplier {

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(WarehouseIngest.class);

  private final WarehouseWriter writer;
  private final KnownSchools schools = new KnownSchools();
  private final EmisMapping mapping;
  private final ChangeLatency latency = new ChangeLatency();
  private volatile long version;
  /** After a fresh start: the source to sweep again once streaming has begun. */
  private CdcSource sweepWhenStreaming;

  public WarehouseIngest(WarehouseWriter writer, Pseudonyms pseudonyms) throws SQLException {
    this.writer = writer;
    this.mapping = new EmisMapping(pseudonyms, schools);
    loadKnownSchools();
  }

  private void loadKnownSchools() throws SQLException {
    schools.clear();
    try (Statement st = writer.connection().createStatement();
         ResultSet rs = st.executeQuery("SELECT DISTINCT school_code FROM dim_school WHERE is_current")) {
      while (rs.next()) {
        schools.add(rs.getString(1));
      }
    }
  }

  @Override
  public synchronized void beforeFreshSnapshot(List<CdcSource> sources) throws Exception {
    if (sources.size() != 1) {
      LOG.warn("fresh start with {} sources: rows that vanished from a source while satit was down are not swept"
          + " (the sweep needs every warehouse table to come from one source)", sources.size());
      return;
    }
    if (!VanishedRowSweep.everIngested(writer.connection())) {
      return; // an empty warehouse: nothing in it can have vanished from the source
    }
    java.util.Map<org.satit.warehouse.writer.WarehouseTable, Long> removed =
        VanishedRowSweep.run(sources.get(0), mapping, writer);
    if (!removed.isEmpty()) {
      LOG.info("fresh start: removed rows whose source rows disappeared while satit was down: {}", removed);
      loadKnownSchools();
    }
    // rows deleted from the source after this sweep but before the new job's stream begins are in neither
    // the snapshot nor the stream: sweep once more when the first streamed change arrives
    sweepWhenStreaming = sources.get(0);
  }

  /**
   * The second sweep of a fresh start, before the first batch holding a streamed change (the snapshot is
   * done, the stream began in the past). Holding this applier's lock no batch is applied meanwhile, so every
   * change committed after the sweep read the source keys is applied after its deletes: a row it removes
   * and the source inserts again comes back with the stream.
   */
  private void sweepOnceStreaming(List<SourceChange> changes) throws SQLException {
    if (sweepWhenStreaming == null || changes.stream().allMatch(c -> c.op == 'r')) {
      return;
    }
    CdcSource source = sweepWhenStreaming;
    sweepWhenStreaming = null;
    java.util.Map<org.satit.warehouse.writer.WarehouseTable, Long> removed = VanishedRowSweep.run(source, mapping, writer);
    if (!removed.isEmpty()) {
      LOG.info("fresh start, streaming began: removed rows deleted from the source between the first sweep and"
          + " the start of the stream: {}", removed);
      loadKnownSchools();
    }
  }

  @Override
  public synchronized void apply(List<SourceChange> changes) throws SQLException {
    sweepOnceStreaming(changes);
    long started = System.currentTimeMillis();
    Batch batch = new Batch();
    java.util.Set<String> arrived = new java.util.HashSet<>();
    for (SourceChange c : changes) {
      if (c.table.equals("school") && !c.isDelete()) {
        String code = EmisMapping.str(c.row, "school_code");
        if (code != null && schools.add(code)) {
          arrived.add(code);
        }
      }
    }
    // rows held for naming these schools go first: the batch's own changes are newer
    if (!arrived.isEmpty()) {
      for (WarehouseWriter.Held held : writer.heldForSchools(arrived)) {
        // applied now, or quarantined again for what else is wrong with it
        mapping.upsertOrQuarantine(held.sourceName(), held.tableName(), EmisMapping.fromJson(held.rowJson()), null, batch);
        batch.release(held.quarantineId());
      }
    }
    for (SourceChange c : changes) {
      mapping.map(c, batch);
    }
    version = writer.apply(batch);
    latency.record(changes, started, System.currentTimeMillis());
  }

  /** Source commit to warehouse visibility of every streamed change applied so far. */
  public ChangeLatency latency() {
    return latency;
  }

  /** The warehouse version after the last batch. */
  public long version() {
    return version;
  }
}
