/**
 * jinit on Apache Spark: the checkpoint files of a model written by Spark tasks on a shared
 * Hadoop file system. Every file is written by {@link io.jinit.spark.HadoopFiles} under a
 * temporary name and renamed into place, so retried and speculative tasks leave the same files.
 */
package io.jinit.spark;
