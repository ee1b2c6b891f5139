"""Stage 3, model: the declarations and reports as typed objects, with the rules between them checked."""
