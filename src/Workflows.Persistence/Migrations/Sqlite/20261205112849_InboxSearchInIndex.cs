using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InboxSearchInIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.AddColumn<string>(
                name: "IndexedSearchText",
                table: "TaskParticipants",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            // Rows written before carry their search text in the index as the store now writes it: whole, when it fits.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET \"IndexedSearchText\" = \"SearchText\" WHERE length(\"SearchText\") <= 200;");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId_IndexedSearchText_DefinitionId_StartedBy",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId", "IndexedSearchText", "DefinitionId", "StartedBy" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId_IndexedSearchText_DefinitionId_StartedBy",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "DoneAt", "TaskId", "IndexedSearchText", "DefinitionId", "StartedBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId_IndexedSearchText_DefinitionId_StartedBy",
                table: "TaskParticipants");

            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId_IndexedSearchText_DefinitionId_StartedBy",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "IndexedSearchText",
                table: "TaskParticipants");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "DoneAt", "TaskId" });
        }
    }
}
