package org.satit.ingest.cdc;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * The job's step between its sources and its sink: every change leaves it with names dropped and citizen IDs,
 * student record numbers and birth dates replaced ({@link PersonalData}). The secret is read where the task runs
 * ({@link PseudonymKey}).
 */
final class ProtectPersonalData extends RichMapFunction<SourceChange, SourceChange> {

  private static final long serialVersionUID = 1L;

  private final PseudonymKey key;
  private transient PersonalData personal;

  ProtectPersonalData(PseudonymKey key) {
    this.key = key;
  }

  @Override
  public void open(OpenContext context) throws Exception {
    PatchedDebezium.require(); // on the TaskManager, where the source reads
    personal = new PersonalData(new Pseudonyms(key.load()));
  }

  @Override
  public SourceChange map(SourceChange change) {
    return personal.protect(change);
  }
}
