using System.Net;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Workflows.Persistence.Tests;

namespace Workflows.Server.Tests.Definitions;

/// <summary>Two designers saving at the same moment: one wins, the other is told, and nothing is lost silently.</summary>
public sealed class ConcurrentSaveTests
{
    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TwoConcurrentSavesOfOneDraft_ReturnOneOkAndOneConflict(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var rendezvous = new LoadRendezvous("DefinitionVersions", parties: 2);
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<IInterceptor>(rendezvous) };
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await (await designer.PostJsonAsync("/api/workflow-definitions", Flows.Approval(id))).ExpectAsync(HttpStatusCode.Created);

        rendezvous.Armed = true;
        var answers = await Task.WhenAll(
            designer.PutJsonAsync($"/api/workflow-definitions/{id}", Flows.Approval(id, "甲")),
            designer.PutJsonAsync($"/api/workflow-definitions/{id}", Flows.Approval(id, "乙")));
        rendezvous.Armed = false;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        await answers.Single(a => a.StatusCode == HttpStatusCode.Conflict).ExpectProblemAsync(HttpStatusCode.Conflict, "changed by someone else", id);
        var winner = (string)(await answers.Single(a => a.StatusCode == HttpStatusCode.OK).ExpectAsync(HttpStatusCode.OK))["name"]!;
        var saved = await (await designer.GetAsync($"/api/workflow-definitions/{id}")).ExpectObjectAsync(HttpStatusCode.OK);
        Assert.Equal((1, winner), ((int)saved["version"]!, (string)saved["name"]!));
    }

    [SkippableTheory]
    [MemberData(nameof(ServerFactory.Providers), MemberType = typeof(ServerFactory))]
    public async Task TwoConcurrentEditsOfAPublishedVersion_CreateOneDraft(Provider provider)
    {
        ServerFactory.SkipUnlessAvailable(provider);
        var rendezvous = new LoadRendezvous("DefinitionVersions", parties: 2);
        await using var server = new ServerFactory(provider) { TestServices = s => s.AddSingleton<IInterceptor>(rendezvous) };
        var designer = await server.ClientForAsync("designer");
        var id = Api.NewId("leave");
        await server.PublishAsync(Flows.Approval(id));

        rendezvous.Armed = true;
        var answers = await Task.WhenAll(
            designer.PutJsonAsync($"/api/workflow-definitions/{id}", Flows.Approval(id, "甲")),
            designer.PutJsonAsync($"/api/workflow-definitions/{id}", Flows.Approval(id, "乙")));
        rendezvous.Armed = false;

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        var versions = (await (await designer.GetAsync($"/api/workflow-definitions/{id}/versions")).ExpectAsync(HttpStatusCode.OK)).AsArray();
        Assert.Equal([2, 1], versions.Select(v => (int)v!["version"]!));
    }
}
