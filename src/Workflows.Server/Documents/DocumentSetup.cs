using Workflows.Persistence.Instances;

namespace Workflows.Server.Documents;

public static class DocumentSetup
{
    /// <summary>Document templates, the issuer and the dispatcher that delivers GenerateDocument requests.</summary>
    public static void AddDocuments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentOptions>().Bind(builder.Configuration.GetSection(DocumentOptions.SectionName))
            .Validate(o => o.PollInterval > TimeSpan.Zero && o.MaxAttempts > 0 && o.PdfFontIndex >= 0,
                "Workflows:Documents needs a positive PollInterval and MaxAttempts, and a PdfFontIndex of 0 or more")
            .ValidateOnStart();
        builder.Services.AddScoped<DocumentTemplateStore>();
        builder.Services.AddScoped<Register.NumberSeriesStore>();
        builder.Services.AddSingleton<DocumentIssuer>();
        builder.Services.AddSingleton<ArchivalPdf>();
        builder.Services.AddSingleton<DocumentSignal>();
        builder.Services.AddSingleton<ICommitFollowUp>(sp => sp.GetRequiredService<DocumentSignal>());
        builder.Services.AddHostedService<DocumentDispatcher>();
    }
}
