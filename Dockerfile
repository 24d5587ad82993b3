# Workflows server: build with the SDK, run on the ASP.NET runtime as the image's non-root user.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/Workflows.Server/Workflows.Server.csproj -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# The PDF/A renderings of issued documents embed a CJK font (Workflows:Documents:PdfFont).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-noto-cjk && rm -rf /var/lib/apt/lists/*
# Attachments in folder storage and .eml files of unsent mail live under /app/data: mount a volume there.
RUN mkdir -p /app/data && chown -R $APP_UID /app/data
USER $APP_UID
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_ENVIRONMENT=Production \
    DOTNET_NOLOGO=1
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["dotnet", "Workflows.Server.dll", "--health", "http://localhost:8080/health"]
ENTRYPOINT ["dotnet", "Workflows.Server.dll"]
