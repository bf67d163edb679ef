package dev.vigil.storage.catalog;

/** The catalog could not do what it was asked; the message says what, and where. */
public class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogException(String message, Throwable cause) {
        super(message, cause);
    }
}
