package org.satit.tools;

import picocli.CommandLine;

/** An academic-year range in B.E., e.g. {@code 2561-2563}. */
record YearRange(int first, int last) {

  static final class Converter implements CommandLine.ITypeConverter<YearRange> {
    @Override
    public YearRange convert(String value) {
      if (!value.matches("25\\d\\d(-25\\d\\d)?")) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an academic-year range in B.E. such as 2561-2563");
      }
      String[] parts = value.split("-");
      int first = Integer.parseInt(parts[0]);
      int last = parts.length > 1 ? Integer.parseInt(parts[1]) : first;
      return new YearRange(first, last);
    }
  }
}
