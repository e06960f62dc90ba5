using Headroom.Lab.Cli;

return LabCli.Run(args, Console.Out, Console.Error);
