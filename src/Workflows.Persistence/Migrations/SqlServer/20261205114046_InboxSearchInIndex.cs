using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.SqlServer
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
                type: "nvarchar(200)",
                maxLength: 200,
                nullable: true);

            // Rows written before carry their search text in the index as the store now writes it: whole, when it fits.
            // DATALENGTH, not LEN: LEN ignores trailing spaces, and nvarchar is two bytes per UTF-16 unit, as the store counts.
            migrationBuilder.Sql("UPDATE [TaskParticipants] SET [IndexedSearchText] = [SearchText] WHERE DATALENGTH([SearchText]) <= 400;");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId" })
                .Annotation("SqlServer:Include", new[] { "IndexedSearchText", "DefinitionId", "StartedBy" });

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "DoneAt", "TaskId" })
                .Annotation("SqlServer:Include", new[] { "IndexedSearchText", "DefinitionId", "StartedBy" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_DoneAt_TaskId",
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
