using Headroom.Cli;

return HeadroomCli.Run(args, Console.Out, Console.Error);
