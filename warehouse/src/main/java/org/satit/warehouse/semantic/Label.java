package org.satit.warehouse.semantic;

/** A name in English and Thai. */
public record Label(String en, String th) {
}
