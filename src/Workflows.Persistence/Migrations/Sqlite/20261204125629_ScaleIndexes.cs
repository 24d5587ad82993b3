using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ScaleIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Closed tasks keep no active participant (TaskProjection clears them on close from now on).
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET \"Active\" = 0 WHERE \"Active\" AND \"TaskId\" IN (SELECT \"Id\" FROM \"Tasks\" WHERE \"Status\" <> 'Open');");

            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropIndex(
                name: "IX_Journal_Actor",
                table: "Journal");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "Active", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_Journal_Actor_InstanceId",
                table: "Journal",
                columns: new[] { "Actor", "InstanceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_Active_TaskId",
                table: "TaskParticipants");

            migrationBuilder.DropIndex(
                name: "IX_Journal_Actor_InstanceId",
                table: "Journal");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "TaskId" });

            migrationBuilder.CreateIndex(
                name: "IX_Journal_Actor",
                table: "Journal",
                column: "Actor");
        }
    }
}
