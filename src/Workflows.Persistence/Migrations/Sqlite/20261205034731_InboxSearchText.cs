using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "TaskParticipants",
                type: "TEXT",
                maxLength: 1025,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "StartedBy",
                table: "TaskParticipants",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            // Rows written before: the step's and the matter's titles, the procedure and the starter, as the store now writes them.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET (\"SearchText\", \"DefinitionId\", \"StartedBy\") = (SELECT substr(t.\"Title\" || char(31) || COALESCE(i.\"Title\", ''), 1, 1025), t.\"DefinitionId\", i.\"StartedBy\" FROM \"Tasks\" AS t JOIN \"WorkflowInstances\" AS i ON i.\"Id\" = t.\"InstanceId\" WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\");");
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
