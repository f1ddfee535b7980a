package org.satit.warehouse.disclosure;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Every cell that some public view publishes, and every additivity that those views let anyone check. Build one
 * table over all views: suppression over it is then consistent across views (a cell hidden in one view is hidden in
 * all).
 *
 * <p>Guaranteed: map keys equal cell ids, every id an additivity names is a cell, and every additivity holds on the
 * data (counts exactly, sums to within 1e-6 relative), so the true values are always a solution of the published
 * relations.
 */
public record CellTable(Map<String, Cell> cells, List<Additivity> additivities) {

  private static final double SUM_TOLERANCE = 1e-6;

  public CellTable {
    cells = Collections.unmodifiableMap(new LinkedHashMap<>(cells));
    additivities = List.copyOf(additivities);
    cells.forEach((id, cell) -> {
      if (!id.equals(cell.id())) {
        throw new IllegalArgumentException("cell " + cell.id() + " is stored under id " + id);
      }
    });
    for (Additivity a : additivities) {
      Cell total = cellOf(cells, a.total(), a);
      long count = 0;
      double sum = 0;
      for (String part : a.parts()) {
        Cell p = cellOf(cells, part, a);
        count += p.count();
        sum += p.sum();
      }
      if (count != total.count()) {
        throw new IllegalArgumentException("count of " + a.total() + " is " + total.count()
            + " but its parts " + a.parts() + " add up to " + count);
      }
      if (Math.abs(sum - total.sum()) > SUM_TOLERANCE * Math.max(1, Math.abs(total.sum()))) {
        throw new IllegalArgumentException("sum of " + a.total() + " is " + total.sum()
            + " but its parts " + a.parts() + " add up to " + sum);
      }
    }
  }

  private static Cell cellOf(Map<String, Cell> cells, String id, Additivity where) {
    Cell c = cells.get(id);
    if (c == null) {
      throw new IllegalArgumentException("additivity of " + where.total() + " names unknown cell " + id);
    }
    return c;
  }

  public Cell cell(String id) {
    Cell c = cells.get(id);
    if (c == null) {
      throw new IllegalArgumentException("unknown cell " + id);
    }
    return c;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects cells and additivities in any order; {@link #build()} validates them together. */
  public static final class Builder {
    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final List<Additivity> additivities = new ArrayList<>();

    private Builder() {
    }

    public Builder cell(Cell cell) {
      Objects.requireNonNull(cell, "cell");
      if (cells.putIfAbsent(cell.id(), cell) != null) {
        throw new IllegalArgumentException("cell " + cell.id() + " added twice");
      }
      return this;
    }

    public Builder cell(String id, long count, double sum) {
      return cell(new Cell(id, count, sum));
    }

    /** A cell of a count-only table. */
    public Builder cell(String id, long count) {
      return cell(Cell.ofCount(id, count));
    }

    public Builder additivity(Additivity additivity) {
      additivities.add(Objects.requireNonNull(additivity, "additivity"));
      return this;
    }

    public Builder additivity(String total, List<String> parts) {
      return additivity(new Additivity(total, parts));
    }

    public Builder additivity(String total, String... parts) {
      return additivity(Additivity.of(total, parts));
    }

    public CellTable build() {
      return new CellTable(cells, additivities);
    }
  }
}
