using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class InboxSearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "DefinitionId",
                table: "TaskParticipants",
                type: "nvarchar(128)",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "TaskParticipants",
                type: "nvarchar(1025)",
                maxLength: 1025,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StartedBy",
                table: "TaskParticipants",
                type: "nvarchar(256)",
                maxLength: 256,
                nullable: true);

            // Rows written before: the step's and the matter's titles, the procedure and the starter, as the store now writes them.
            migrationBuilder.Sql("UPDATE p SET [SearchText] = LEFT(t.[Title] + NCHAR(31) + COALESCE(i.[Title], N''), 1025), [DefinitionId] = t.[DefinitionId], [StartedBy] = i.[StartedBy] FROM [TaskParticipants] AS p JOIN [Tasks] AS t ON t.[Id] = p.[TaskId] JOIN [WorkflowInstances] AS i ON i.[Id] = t.[InstanceId];");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DefinitionId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "StartedBy",
                table: "TaskParticipants");
        }
    }
}
