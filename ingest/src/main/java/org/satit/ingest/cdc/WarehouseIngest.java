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

  /** The reason recorded for the snapshot of an empty warehouse. */
  public static final String FIRST_START = "first start";

  private final WarehouseWriter writer;
  private final KnownSchools schools = new KnownSchools();
  private final EmisMapping mapping;
  /** For what the server itself reads from a source (reference preload, vanished-row sweep). */
  private final PersonalData personal;
  private final PseudonymKey pseudonymKey;
  private final ChangeLatency latency = new ChangeLatency();
  private volatile long version;
  /** After a fresh start: the source to sweep again once streaming has begun. */
  private CdcSource sweepWhenStreaming;
  /** Per source: the heartbeats that arrived (loaded from the warehouse on first use). */
  private final java.util.Map<String, HeartbeatLedger> ledgers = new java.util.HashMap<>();
  private volatile java.util.function.Consumer<String> streamBroken = reason -> { };
  /**
   * A first snapshot into an empty warehouse runs: batches of its reads alone are marked for appending the large
   * facts (Batch.appendSnapshot); the writer makes them whole in the next batch that is not so marked (the first
   * holding a streamed change), and records in the warehouse, in the same transactions, that it owes that. Read
   * from the warehouse's record of the sources when null (at the first batch, after a start, after a failed
   * batch): the record says a first snapshot runs until a streamed heartbeat is applied.
   */
  private Boolean snapshotAppend;

  public WarehouseIngest(WarehouseWriter writer, Pseudonyms pseudonyms) throws SQLException {
    this.writer = writer;
    this.mapping = new EmisMapping(schools);
    this.personal = new PersonalData(pseudonyms);
    this.pseudonymKey = pseudonyms.inThisJvm();
    loadKnownSchools();
  }

  @Override
  public PseudonymKey pseudonymKey() {
    return pseudonymKey;
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
  public void onStreamBroken(java.util.function.Consumer<String> handler) {
    streamBroken = handler;
  }

  @Override
  public synchronized java.util.Optional<String> invalidCheckpoint(List<CdcSource> sources) throws Exception {
    for (CdcSource s : sources) {
      java.util.Optional<String> invalid = CheckpointCheck.judge(s, writer.lineage(s.name()), SourceProbe.observe(s));
      if (invalid.isPresent()) {
        return invalid;
      }
    }
    return java.util.Optional.empty();
  }

  @Override
  public synchronized void beforeFreshSnapshot(List<CdcSource> sources, String reason) throws Exception {
    String why = reason != null ? reason
        : VanishedRowSweep.everIngested(writer.connection()) ? "no checkpoint to resume (lost or removed)" : FIRST_START;
    for (CdcSource s : sources) {
      SourceProbe.Observation now = SourceProbe.observe(s);
      writer.snapshotBegins(s.name(), now.identity(), now.database(),
          s.engine() == CdcSource.Engine.POSTGRES ? s.slotName() : null, why);
      ledgers.remove(s.name());
      LOG.info("snapshot of source {} begins from {} ({})", s.name(), now.identity(), why);
    }
    sweepVanishedRows(sources);
    LOG.info("reference tables loaded: {} rows", ReferencePreload.load(sources, this, personal));
    snapshotAppend = null;
  }

  /**
   * A fresh snapshot over a warehouse that held data, killed before its stream began, is resumed from a checkpoint
   * of its snapshot: it still owes the second sweep (rows deleted between the first sweep and the start of its
   * stream are in neither the snapshot nor the stream). The warehouse's record says so: the last snapshot was not
   * a first start and no streamed heartbeat has arrived since.
   */
  @Override
  public synchronized void beforeResume(List<CdcSource> sources) throws Exception {
    snapshotAppend = null;
    if (sources.size() != 1) {
      return;
    }
    java.util.Optional<org.satit.warehouse.writer.SourceLineage> l = writer.lineage(sources.get(0).name());
    if (l.isPresent() && l.get().snapshotRunning() && !FIRST_START.equals(l.get().snapshotReason())) {
      LOG.info("resuming a fresh snapshot of source {} ({}): its second vanished-row sweep runs once streaming begins",
          sources.get(0).name(), l.get().snapshotReason());
      sweepWhenStreaming = sources.get(0);
    }
  }

  private void sweepVanishedRows(List<CdcSource> sources) throws Exception {
    if (sources.size() != 1) {
      LOG.warn("fresh start with {} sources: rows that vanished from a source while satit was down are not swept"
          + " (the sweep needs every warehouse table to come from one source)", sources.size());
      return;
    }
    if (!VanishedRowSweep.everIngested(writer.connection())) {
      return; // an empty warehouse: nothing in it can have vanished from the source
    }
    java.util.Map<org.satit.warehouse.writer.WarehouseTable, Long> removed =
        VanishedRowSweep.run(sources.get(0), mapping, personal, writer);
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
    java.util.Map<org.satit.warehouse.writer.WarehouseTable, Long> removed = VanishedRowSweep.run(source, mapping, personal, writer);
    if (!removed.isEmpty()) {
      LOG.info("fresh start, streaming began: removed rows deleted from the source between the first sweep and"
          + " the start of the stream: {}", removed);
      loadKnownSchools();
    }
  }

  @Override
  public synchronized void apply(List<SourceChange> changes) throws SQLException, StreamBrokenException {
    Batch batch = new Batch();
    boolean streamed = changes.stream().anyMatch(c -> c.op != 'r');
    if (snapshotAppend == null) {
      snapshotAppend = writer.snapshotRunning(FIRST_START);
      if (snapshotAppend) {
        LOG.info("a first snapshot runs: its large facts are appended, made whole when its stream begins");
      }
    }
    if (snapshotAppend && !streamed) {
      batch.appendSnapshot();
    }
    List<SourceChange> data = takeHeartbeats(changes, batch);
    sweepOnceStreaming(changes);
    long started = System.currentTimeMillis();
    try {
      version = applyData(data, batch);
    } catch (SQLException | RuntimeException e) {
      // nothing of the batch is committed: the schools it named are not known after all (else the rows held
      // for them would stay held when the batch is replayed), and its heartbeats did not arrive
      ledgers.clear();
      snapshotAppend = null;
      try {
        loadKnownSchools();
      } catch (SQLException alsoBroken) {
        e.addSuppressed(alsoBroken); // the warehouse is gone too: the next applier reads it afresh
      }
      throw e;
    }
    latency.record(changes, started, System.currentTimeMillis());
    if (streamed) {
      snapshotAppend = false;
    }
  }

  /** Maps and commits the batch's data changes (schools first known in it are known from here on). */
  private long applyData(List<SourceChange> data, Batch batch) throws SQLException {
    java.util.Set<String> arrived = new java.util.HashSet<>();
    for (SourceChange c : data) {
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
    for (SourceChange c : data) {
      mapping.map(c, batch);
      if (c.op != 'r') {
        batch.streamed(c.source, c.position);
      }
    }
    return writer.apply(batch);
  }

  /**
   * Judges the batch's heartbeats in order and records those that stand in the batch; returns the other changes.
   * A heartbeat that proves the stream broken rejects the whole batch (nothing of it is applied) and is reported
   * to the job's owner, which snapshots afresh.
   */
  private List<SourceChange> takeHeartbeats(List<SourceChange> changes, Batch batch)
      throws SQLException, StreamBrokenException {
    List<SourceChange> data = new java.util.ArrayList<>(changes.size());
    for (SourceChange c : changes) {
      if (!c.table.equals(HeartbeatWriter.TABLE)) {
        data.add(c);
        continue;
      }
      if (c.isDelete() || !c.source.equals(EmisMapping.str(c.row, "source_name"))) {
        continue; // a heartbeat row removed, or another pipeline's
      }
      HeartbeatLedger ledger = ledger(c.source);
      long seq = ((Number) c.row.get("seq")).longValue();
      long beat = ((Number) c.row.get("beat_at")).longValue();
      HeartbeatLedger.Verdict v = ledger.arrived(seq, beat, EmisMapping.str(c.row, "server_identity"), c.op == 'r');
      if (v.broken()) {
        ledgers.remove(c.source); // what stands is what the warehouse holds
        streamBroken.accept(v.reason());
        throw new StreamBrokenException(v.reason());
      }
      batch.heartbeat(c.source, seq, beat, c.op != 'r');
      if (c.op != 'r') {
        batch.streamed(c.source, c.position);
      }
    }
    return data;
  }

  private HeartbeatLedger ledger(String source) throws SQLException {
    HeartbeatLedger ledger = ledgers.get(source);
    if (ledger == null) {
      java.util.Optional<org.satit.warehouse.writer.SourceLineage> lineage = writer.lineage(source);
      ledger = new HeartbeatLedger(source, lineage.map(l -> l.serverIdentity()).orElse(null),
          lineage.map(l -> l.heartbeatSeq()).orElse(null), lineage.map(l -> l.heartbeatRead()).orElse(null),
          writer.recentHeartbeats(source), WarehouseWriter.HEARTBEATS_KEPT);
      ledgers.put(source, ledger);
    }
    return ledger;
  }

  /** Source commit to warehouse visibility of every streamed change applied so far. */
  public ChangeLatency latency() {
    return latency;
  }

  /** Where the writer's transactions spent their time (for the benchmark's breakdown). */
  public org.satit.warehouse.writer.WriterTimes writerTimes() {
    return writer.times();
  }

  /** The warehouse version after the last batch. */
  public long version() {
    return version;
  }
}
