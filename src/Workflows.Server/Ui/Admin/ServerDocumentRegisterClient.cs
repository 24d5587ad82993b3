using Microsoft.Extensions.Localization;
using Workflows.Designer.Resources;
using Workflows.Designer.Services;
using Workflows.Server.Auth;
using Workflows.Server.Documents.Register;

namespace Workflows.Server.Ui.Admin;

/// <summary>The register page, through the same store as /api/document-numbers; its messages in the page's language.</summary>
internal sealed class ServerDocumentRegisterClient(AdminCircuit circuit, IStringLocalizer<Strings> text) : IDocumentRegisterClient
{
    public Task<IReadOnlyList<NumberSeriesView>> ListAsync(CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
        (IReadOnlyList<NumberSeriesView>)[.. (await sp.GetRequiredService<NumberSeriesStore>().ListAsync(cancellationToken))
            .Select(s => new NumberSeriesView(s.Prefix, s.Year, s.Next, s.Reserved, s.Issued))]);

    public Task<IReadOnlyList<RegisterEntryView>> EntriesAsync(string prefix, int year, CancellationToken cancellationToken) => circuit.RunAsync(async (sp, _) =>
        (IReadOnlyList<RegisterEntryView>)[.. ((await sp.GetRequiredService<NumberSeriesStore>().EntriesAsync(prefix, year, cancellationToken))?.Entries ?? [])
            .Select(e => new RegisterEntryView(e.Number, e.Title, e.State, e.SignedBy, e.SignedAt, e.InstanceId))]);

    public Task<RegisterSaved> SaveAsync(string prefix, int year, int next, IReadOnlyList<int> reserved, CancellationToken cancellationToken) =>
        circuit.RunAsync(async (sp, user) =>
        {
            var errors = RegisterApi.Validate(prefix, year, new SaveNumberSeriesRequest(next, reserved));
            if (errors.Count > 0)
            {
                return new RegisterSaved(false, string.Join("；", errors.Keys.Select(field => text[$"Register_Error_{field}", RegisterApi.MaxReserved].Value)));
            }
            var (_, clash) = await sp.GetRequiredService<NumberSeriesStore>().SaveAsync(prefix.Trim(), year, next, reserved, user.UserName(), cancellationToken);
            return new RegisterSaved(clash is null,
                clash is null ? null : text[clash.Reserved ? "Register_ClashReserved" : "Register_Clash", clash.Number, clash.Title].Value);
        });
}
