package io.verdis.command;

/** What COMMAND DOCS tells about a command. */
public record CommandDoc(String summary, String since, String group, String complexity) {
}
