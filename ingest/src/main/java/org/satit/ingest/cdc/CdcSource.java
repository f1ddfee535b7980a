package org.satit.ingest.cdc;

import java.io.Serializable;
import java.util.List;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.satit.ingest.spec.SourceJdbc;
import org.satit.ingest.spec.SourceSpec;
import org.satit.ingest.spec.SourceSpecs;

/**
 * One EMIS/OBEC source database to stream from: PostgreSQL through pgoutput (one replication slot
 * and publication per pipeline) or MySQL/MariaDB through the ROW binlog. Both: incremental snapshot
 * without locks, then streaming.
 */
public record CdcSource(String name, Engine engine, String host, int port, String database, String user,
                        String password) implements Serializable {

  public enum Engine { POSTGRES, MYSQL }

  /**
   * The reference tables a fresh start loads first, so facts can be checked against known schools
   * from the first snapshot row on (the snapshot reads tables in the connector's order, not ours).
   */
  static List<SourceSpec> reference() {
    return SourceSpecs.reference();
  }

  /**
   * The tables captured: the EMIS tables and satit's heartbeat ({@link HeartbeatWriter}); the generator's
   * bookkeeping table is not.
   */
  static String[] tables(String prefix) {
    return java.util.stream.Stream.concat(SourceSpecs.emisData().stream().map(SourceSpec::name),
        java.util.stream.Stream.of(HeartbeatWriter.TABLE))
        .map(t -> prefix + "." + t).toArray(String[]::new);
  }

  /** Replication slot (PostgreSQL): one per pipeline. */
  public String slotName() {
    return "satit_" + name.replaceAll("[^a-z0-9_]", "_");
  }

  /** The slot a reference preload of satit before 0.1 could leave behind ('satit reset' drops it). */
  public String preloadSlotName() {
    return slotName() + "_ref";
  }

  /** JDBC URL of the source (for slot housekeeping). */
  public String jdbcUrl() {
    return engine == Engine.POSTGRES ? "jdbc:postgresql://" + host + ":" + port + "/" + database
        : "jdbc:mysql://" + host + ":" + port + "/" + database;
  }

  /** A plain JDBC connection to the source (slot housekeeping, reference preload, the vanished-row sweep). */
  public java.sql.Connection connect() throws java.sql.SQLException {
    return SourceJdbc.connect(jdbcUrl(), user, password);
  }

  /** The primary-key columns of a source table, in key order (CDC needs every table to have one). */
  List<String> primaryKey(java.sql.Connection c, String table) throws java.sql.SQLException {
    boolean mysql = engine == Engine.MYSQL;
    java.util.TreeMap<Integer, String> columns = new java.util.TreeMap<>();
    try (java.sql.ResultSet rs = c.getMetaData().getPrimaryKeys(mysql ? database : null, mysql ? null : "public",
        table)) {
      while (rs.next()) {
        columns.put(rs.getInt("KEY_SEQ"), rs.getString("COLUMN_NAME"));
      }
    }
    if (columns.isEmpty()) {
      throw new java.sql.SQLException("source table " + table + " has no primary key (CDC needs one)");
    }
    return List.copyOf(columns.values());
  }

  DataStream<SourceChange> stream(StreamExecutionEnvironment env, int parallelism) {
    Properties debezium = new Properties();
    debezium.setProperty("poll.interval.ms", "20");
    var source = switch (engine) {
      case POSTGRES -> {
        PatchedDebezium.require();
        debezium.setProperty("publication.name", slotName());
        debezium.setProperty("publication.autocreate.mode", "filtered");
        yield env.fromSource(PostgresIncrementalSource.<SourceChange>builder()
            .hostname(host).port(port).database(database).schemaList("public").tableList(tables("public"))
            .username(user).password(password == null ? "" : password)
            .slotName(slotName()).decodingPluginName("pgoutput")
            .startupOptions(StartupOptions.initial())
            .splitSize(20_000).fetchSize(5_000)
            // no per-chunk backfill: changes made during the snapshot are replayed from the stream (at
            // least once); the writer's upserts and deletes by key make the replay harmless
            .skipSnapshotBackfill(true)
            // heartbeats keep the stream moving when the source falls quiet (the last changes before a
            // pause otherwise wait for the next WAL event) and let the slot advance on an idle database
            .heartbeatInterval(java.time.Duration.ofSeconds(1))
            .debeziumProperties(debezium)
            .deserializer(new ChangeDeserializer(name))
            .build(), WatermarkStrategy.noWatermarks(), "postgres " + name);
      }
      case MYSQL -> {
        // the binlog reader notices a lost connection (the server restarted) on its keep-alive check, by
        // default once a minute: every 2 s instead (the server then sends heartbeats every 1.6 s when idle)
        debezium.setProperty("connect.keep.alive.interval.ms", "2000");
        yield env.fromSource(MySqlSource.<SourceChange>builder()
          .hostname(host).port(port).databaseList(database).tableList(tables(database))
          .username(user).password(password == null ? "" : password)
          .serverId("5400-5404").serverTimeZone("UTC")
          .startupOptions(org.apache.flink.cdc.connectors.mysql.table.StartupOptions.initial())
          .splitSize(20_000).fetchSize(5_000)
          .skipSnapshotBackfill(true)
          .debeziumProperties(debezium)
          .deserializer(new ChangeDeserializer(name))
          .build(), WatermarkStrategy.noWatermarks(), "mysql " + name);
      }
    };
    return source.uid("cdc-" + name).setParallelism(parallelism);
  }
}
