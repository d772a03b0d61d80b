package io.verdis.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ArgSplitterTest {

  private static List<String> split(String line) {
    return ArgSplitter.split(line).orElseThrow();
  }

  @Test
  @DisplayName("blanks separate arguments and runs of blanks count once")
  void blanksSeparateArguments() {
    assertEquals(List.of("save", "3600", "1"), split("  save \t3600   1 "));
    assertEquals(List.of(), split("   "));
  }

  @Test
  @DisplayName("double quotes keep blanks and understand C escapes and \\xHH")
  void doubleQuotesUnderstandEscapes() {
    assertEquals(List.of("requirepass", "a b"), split("requirepass \"a b\""));
    assertEquals(List.of("\n\r\t\b\u0007\\\"x"), split("\"\\n\\r\\t\\b\\a\\\\\\\"\\x\""));
    assertEquals(List.of("AB"), split("\"\\x41\\x42\""));
    assertEquals(List.of("é"), split("\"\\xc3\\xa9\""));
  }

  @Test
  @DisplayName("single quotes only understand an escaped single quote")
  void singleQuotesOnlyUnderstandEscapedQuote() {
    assertEquals(List.of("it's \\n"), split("'it\\'s \\n'"));
  }

  @Test
  @DisplayName("a quote may open in the middle of an argument")
  void quoteMayOpenMidArgument() {
    assertEquals(List.of("ab c", "d"), split("a\"b c\" d"));
  }

  @Test
  @DisplayName("empty quotes are an empty argument")
  void emptyQuotesAreAnEmptyArgument() {
    assertEquals(List.of("save", ""), split("save \"\""));
    assertEquals(List.of("logfile", ""), split("logfile ''"));
  }

  @Test
  @DisplayName("unbalanced quotes and text glued after a closing quote are errors")
  void unbalancedQuotesAreErrors() {
    assertEquals(Optional.empty(), ArgSplitter.split("port \"abc"));
    assertEquals(Optional.empty(), ArgSplitter.split("port 'abc"));
    assertEquals(Optional.empty(), ArgSplitter.split("port \"abc\"def"));
  }

  @Test
  @DisplayName("a quoted value splits back to itself")
  void quotedValueSplitsBackToItself() {
    for (String value : new String[] {"", "plain", "a b", "quote\"s", "back\\slash", "tab\tnew\nline",
        "bell\u0007", "ctl\u0001", "caf\u00e9 ünïcode", "#hash", "'single'"}) {
      assertEquals(List.of(value), split(ArgSplitter.quote(value)), value);
      assertEquals(List.of(value), split(ArgSplitter.quoteIfNeeded(value)), value);
    }
    assertEquals("-::1", ArgSplitter.quoteIfNeeded("-::1"));
  }
}
