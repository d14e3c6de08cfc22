package io.dspinlock.bench;

/**
 * A section of {@code docs/BENCHMARKS.md} that one tool writes between its two markers, and that
 * the tools writing the rest of the file keep as it is.
 *
 * @param name the section's marker name: {@code <!-- name -->} … {@code <!-- /name -->}
 */
record DocSection(String name) {
  /** W4, written by {@link MultiProcess}. */
  static final DocSection W4 = new DocSection("W4");

  /** The fair cycle's cost on the server, written by {@link ScriptCost}. */
  static final DocSection SCRIPTS = new DocSection("SCRIPTS");

  /** {@return the opening marker} */
  String start() {
    return "<!-- " + name + " -->";
  }

  /** {@return the closing marker} */
  String end() {
    return "<!-- /" + name + " -->";
  }

  /**
   * Returns this section of a document, markers included.
   *
   * @param doc the document
   * @return the section, or "" when it has none
   */
  String extract(String doc) {
    int start = doc.indexOf(start());
    int end = doc.indexOf(end(), Math.max(start, 0));
    return start < 0 || end < 0 ? "" : doc.substring(start, end + end().length());
  }

  /**
   * Puts this section into a document: in place of the one it has, else at its end.
   *
   * @param doc the document
   * @param section a section with its markers, or "" to leave the document as it is
   * @return the new document
   */
  String splice(String doc, String section) {
    if (section.isEmpty()) {
      return doc;
    }
    String old = extract(doc);
    if (!old.isEmpty()) {
      int start = doc.indexOf(start());
      return doc.substring(0, start) + section + doc.substring(start + old.length());
    }
    String body = doc.isEmpty() || doc.endsWith("\n") ? doc : doc + "\n";
    return body + (body.isEmpty() ? "" : "\n") + section + "\n";
  }

  /**
   * Carries the sections of {@code from} over into {@code into}, for a tool that rewrites the rest.
   *
   * @param into the new document
   * @param from the document it replaces
   * @param sections the sections other tools write
   * @return the new document with those sections
   */
  static String keep(String into, String from, DocSection... sections) {
    String doc = into;
    for (DocSection s : sections) {
      doc = s.splice(doc, s.extract(from));
    }
    return doc;
  }
}
