using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OpenOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants");

            migrationBuilder.AddColumn<string>(
                name: "DueOrder",
                table: "TaskParticipants",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TaskCreatedAt",
                table: "TaskParticipants",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            // Rows written before: each takes its task's due date (undated last) and creation, as the store now writes them.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET \"DueOrder\" = COALESCE((SELECT t.\"DueAt\" FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\"), '9999-12-31 00:00:00.0000000+00:00'), \"TaskCreatedAt\" = (SELECT t.\"CreatedAt\" FROM \"Tasks\" t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\");");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "DueOrder", "TaskCreatedAt", "TaskId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_DueOrder_TaskCreatedAt_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "DueOrder",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskCreatedAt",
                table: "TaskParticipants");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "TaskId" });
        }
    }
}
