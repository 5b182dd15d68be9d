/** DPN networks on Spark: see the module's test and README. */
package io.github.dpn4j.spark;
