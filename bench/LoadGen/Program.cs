using AdmissionGuard.LoadGen;
using AdmissionGuard.LoadGen.Cluster;
using AdmissionGuard.LoadGen.Compare;
using AdmissionGuard.LoadGen.OpenLoop;

// open-loop  one fixed-rate run against a running webhook; prints the percentiles
// startup    starts a server N times; median time to /readyz 200 and RSS when ready
// compare    starts AdmissionGuard and the floor server (and a peer, and ours published Native
//            AOT, when given), loads them alike, prints the tables
// cluster    a real API server on loopback; creates through it with no webhook, AdmissionGuard
//            and Gatekeeper registered in turn; prints the cluster table
if (args.Length == 0 || args[0] is not ("open-loop" or "compare" or "startup" or "cluster"))
{
    Console.Error.WriteLine("usage: loadgen open-loop --url URL --body FILE --uid UID [--rate N] [--duration S] [--connections N]");
    Console.Error.WriteLine("       loadgen compare --ours-cmd CMD --floor-cmd CMD --review FILE --uid UID --work DIR --wrk-script FILE");
    Console.Error.WriteLine("                       [--path /validate] [--engine-results DIR] [--report FILE] [--rounds N] [--saturation S] [--rate-duration S] [--rates 1000,2000] [--starts N]");
    Console.Error.WriteLine("                       [--peer-cmd CMD --peer-path PATH [--peer-name NAME] [--peer-port N] [--peer-ready-url URL]]");
    Console.Error.WriteLine("                       [--aot-cmd CMD [--ours-publish DIR --aot-publish DIR]]");
    Console.Error.WriteLine("       loadgen startup --cmd CMD --work DIR [--starts N] [--name NAME] [--review FILE --uid UID [--path /validate]]");
    Console.Error.WriteLine("       loadgen cluster --ours-cmd CMD --kube DIR --chart DIR --helm FILE --work DIR --cache DIR [--gatekeeper DIR|none] [--floor-cmd CMD]");
    Console.Error.WriteLine("                       [--rounds N] [--duration S] [--rates 100,400] [--connections N] [--warmup S] [--saturation true|false] [--real-creates true|false]");
    Console.Error.WriteLine("                       [--ours-variants 'name:ENV=V ENV=V;name2:...'] [--apiserver-env 'ENV=V ...'] [--report FILE]");
    return 2;
}

var line = new CommandLine(args.Skip(1));
if (args[0] == "cluster")
{
    return await ClusterCommand.RunAsync(line);
}

if (args[0] == "open-loop")
{
    var result = await OpenLoopGenerator.RunAsync(new OpenLoopOptions
    {
        Url = new Uri(line.Required("url")),
        Body = File.ReadAllBytes(line.Required("body")),
        Uid = line.Required("uid"),
        Rate = line.Int("rate", 1000),
        Duration = line.Seconds("duration", 10),
        Connections = line.Int("connections", 16),
    });
    Console.WriteLine(result);
    return result.Errors == 0 ? 0 : 1;
}

if (args[0] == "startup")
{
    var spec = new ServerSpec(line.Optional("name") ?? "server", line.Required("cmd"), line.Optional("path") ?? "/validate");
    var body = line.Optional("review") is { } file ? File.ReadAllBytes(file) : null;
    return await StartupProbe.RunAsync(spec, line.Int("starts", 5), line.Required("work"), Console.Out, body, body is null ? null : line.Required("uid"));
}

var path = line.Optional("path") ?? "/validate";
var options = new ComparisonOptions
{
    Ours = new ServerSpec("admission-guard", line.Required("ours-cmd"), path),
    Floor = new ServerSpec("floor", line.Required("floor-cmd"), path),
    Peer = line.Optional("peer-cmd") is { } peerCommand
        ? new ServerSpec(
            line.Optional("peer-name") ?? "peer",
            peerCommand,
            line.Required("peer-path"),
            line.Optional("peer-port") is { } fixedPort ? int.Parse(fixedPort, System.Globalization.CultureInfo.InvariantCulture) : null,
            line.Optional("peer-ready-url") ?? ServerSpec.HealthReadyz)
        : null,
    Aot = line.Optional("aot-cmd") is { } aotCommand ? new ServerSpec("admission-guard-aot", aotCommand, path) : null,
    OursPublishDirectory = line.Optional("ours-publish"),
    AotPublishDirectory = line.Optional("aot-publish"),
    ReviewFile = line.Required("review"),
    Uid = line.Required("uid"),
    WorkDirectory = line.Required("work"),
    WrkScript = line.Required("wrk-script"),
    WrkPath = line.Optional("wrk") ?? "wrk",
    Rounds = line.Int("rounds", 3),
    SaturationDuration = line.Seconds("saturation", 5),
    RateDuration = line.Seconds("rate-duration", 5),
    Warmup = line.Seconds("warmup", 8),
    Rates = line.Ints("rates", [1000, 2000]),
    Starts = line.Int("starts", 5),
    EngineResults = line.Optional("engine-results"),
    ReportFile = line.Optional("report"),
};

var loadBefore = MachineInfo.LoadAverage();
var figures = await new ComparisonRun(options, Console.Out).RunAsync();
var engine = options.EngineResults is { } dir ? EngineFigures.Read(dir) : [];
var table = ReportTable.Build(figures.Ours, figures.Floor, engine, options, loadBefore, MachineInfo.LoadAverage());
if (figures.Peer is { } peer)
{
    table += Environment.NewLine + PeerTable.Build(figures.Ours, peer);
}

if (figures.Aot is { } aot)
{
    var sizes = options is { OursPublishDirectory: { } r2rDir, AotPublishDirectory: { } aotDir }
        ? DeploymentSizes.Measure(r2rDir, aotDir, "admission-guard")
        : null;
    table += Environment.NewLine + AotTable.Build(figures.Ours, aot, sizes);
}

Console.WriteLine();
Console.WriteLine(table);
if (options.ReportFile is { } report)
{
    File.WriteAllText(report, table);
}

return 0;
