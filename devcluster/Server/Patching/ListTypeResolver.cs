namespace ElasticCompute.DevCluster.Server.Patching;

/// <summary>
/// Tells the patch engines how a list merges. <paramref name="fieldPath"/> is the dotted chain of field names from
/// the object root, list positions left out: <c>status.conditions</c>, <c>spec.versions</c>,
/// <c>spec.versions.additionalPrinterColumns</c>. Null means atomic (replace whole).
/// </summary>
internal delegate ListSchema? ListTypeResolver(string fieldPath);
