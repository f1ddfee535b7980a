package org.satit.tools;

import org.satit.ingest.source.EmisGenerator.Scale;
import picocli.CommandLine;

/** Parses --scale values (esa, sample, province, country) case-insensitively with a clear error. */
final class ScaleConverter implements CommandLine.ITypeConverter<Scale> {
  @Override
  public Scale convert(String value) {
    try {
      return Scale.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
