using System.CommandLine;
using ElasticCompute.CrdGen;

var output = new Option<DirectoryInfo>("--output") { Description = "Folder to write the CRD YAML files to", DefaultValueFactory = _ => new DirectoryInfo("crds") };
var check = new Option<bool>("--check") { Description = "Write nothing; exit 1 when a file in the folder differs from what would be generated" };
var root = new RootCommand("Generates the ElasticCompute CustomResourceDefinitions from the C# API types.") { output, check };
root.SetAction(parse =>
{
    var folder = parse.GetValue(output)!;
    var stale = 0;
    foreach (var (fileName, yaml) in CrdGenerator.GenerateFiles())
    {
        var path = Path.Combine(folder.FullName, fileName);
        var current = File.Exists(path) ? File.ReadAllText(path) : null;
        if (parse.GetValue(check))
        {
            if (current != yaml)
            {
                Console.Error.WriteLine($"stale: {path}");
                stale++;
            }

            continue;
        }

        Directory.CreateDirectory(folder.FullName);
        File.WriteAllText(path, yaml);
        Console.WriteLine(current == yaml ? $"unchanged: {path}" : $"wrote: {path}");
    }

    return stale == 0 ? 0 : 1;
});
return root.Parse(args).Invoke();
