using System.CommandLine;
using Headroom.Cli.Output;
using Headroom.Study;

namespace Headroom.Cli.Commands;

/// <summary>`headroom init PATH... --out study.yaml`: a starting manifest from the runs found under the paths.</summary>
internal static class InitCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Folders (or files) holding the study's SFT and RL runs.", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--out") { Description = "The manifest to write.", DefaultValueFactory = _ => "study.yaml" };
        var force = new Option<bool>("--force") { Description = "Overwrite an existing manifest." };
        var format = CommonOptions.Format(OutputFormat.Table, OutputFormat.Json);
        format.Description = "Output on stdout: table (what was found, then the next step) or json (the manifest path, its TODO lines and what was found).";
        var command = new Command("init", "Write a starting study manifest from the runs found: SFT and RL runs, their keys, the model's config.json, and the branch points the RL configs name; TODO lines mark what to fill in.");
        command.Arguments.Add(paths);
        command.Options.Add(output);
        command.Options.Add(force);
        command.Options.Add(format);
        command.SetAction(parse =>
        {
            var target = parse.GetValue(output)!;
            if (File.Exists(target) && !parse.GetValue(force))
            {
                throw Headroom.Core.InvalidSettingException.Inconsistent($"{target} exists; give --force to overwrite it, or --out another path");
            }

            var (yaml, findings) = StudyDraft.FromLogs(parse.GetValue(paths)!, target);
            File.WriteAllText(target, yaml);
            var stdout = parse.InvocationConfiguration.Output;
            var todos = yaml.Split('\n').Select(line => line.Trim()).Where(line => line.StartsWith("# TODO", StringComparison.Ordinal)).ToArray();
            if (parse.GetValue(format) == OutputFormat.Json)
            {
                JsonOutput.Write(stdout, new { Manifest = Path.GetFullPath(target), Todos = todos, Findings = findings });
                return HeadroomCli.Success;
            }

            foreach (var finding in findings)
            {
                stdout.WriteLine(finding);
            }

            stdout.WriteLine(todos.Length == 0
                ? $"Wrote {target}; check it, then run: headroom analyze {target} --out report"
                : $"Wrote {target} with {todos.Length} TODO line(s) to fill in before: headroom analyze {target} --out report");
            return HeadroomCli.Success;
        });
        return command;
    }
}
