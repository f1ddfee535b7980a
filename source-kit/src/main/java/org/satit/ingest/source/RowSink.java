package org.satit.ingest.source;

import org.satit.ingest.spec.SourceSpec;

/** Where generated rows go: a bulk load into a database, or a test's collector. */
public interface RowSink {

  /** The writer for one table; the same object may be returned on every call. */
  RowWriter writer(SourceSpec table);
}
