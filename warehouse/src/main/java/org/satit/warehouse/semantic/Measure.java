package org.satit.warehouse.semantic;

import java.util.List;

/**
 * A named number: its SQL over the dataset's view (an aggregate, or a plain column in a dataset that is
 * not aggregated), its unit, its label, and what it needs to make sense: each entry of {@code requires}
 * lists dimensions of which one must be grouped by or fixed by a one-value filter (a finer level of the
 * same hierarchy counts too), e.g. the gap to the ESA mean needs one ESA per row.
 */
public record Measure(String name, String sql, String unit, Label label, List<List<String>> requires) {
}
