using Workflows.Benchmarks.Harness;

// Modes and options: see Cli.Help, or run with --help.
return await Cli.RunAsync(args);
