using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ParticipantTaskStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "InstanceId",
                table: "TaskParticipants",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TaskClosedAt",
                table: "TaskParticipants",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TaskStatus",
                table: "TaskParticipants",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "");

            // Rows written before: their task's matter, and how and when it closed, as the store now writes them; then the
            // index, built once.
            migrationBuilder.Sql("UPDATE \"TaskParticipants\" SET (\"TaskStatus\", \"TaskClosedAt\", \"InstanceId\") = (SELECT t.\"Status\", t.\"ClosedAt\", t.\"InstanceId\" FROM \"Tasks\" AS t WHERE t.\"Id\" = \"TaskParticipants\".\"TaskId\");");

            migrationBuilder.CreateIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskStatus_TaskClosedAt_TaskId_InstanceId",
                table: "TaskParticipants",
                columns: new[] { "Kind", "Value", "TaskStatus", "TaskClosedAt", "TaskId", "InstanceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_TaskParticipants_Kind_Value_TaskStatus_TaskClosedAt_TaskId_InstanceId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "InstanceId",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskClosedAt",
                table: "TaskParticipants");

            migrationBuilder.DropColumn(
                name: "TaskStatus",
                table: "TaskParticipants");
        }
    }
}
