package dev.gatewarden.config;

import dev.gatewarden.config.YamlNode.Mapping;

/** A bound value with the mapping it was read from and that mapping's path, for later cross-entry checks. */
record Parsed<T>(T value, Mapping node, String path) {
}
