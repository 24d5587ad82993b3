using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Workflows.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DocumentRegister : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameColumn(
                name: "Note",
                table: "DocumentTemplates",
                newName: "Cc");

            migrationBuilder.AlterColumn<int>(
                name: "Year",
                table: "GeneratedDocuments",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<int>(
                name: "Sequence",
                table: "GeneratedDocuments",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<string>(
                name: "HtmlAttachmentId",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 128);

            migrationBuilder.AlterColumn<string>(
                name: "DocxAttachmentId",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 128,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 128);

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "GeneratedDocuments",
                type: "TEXT",
                nullable: false,
                defaultValue: "{}");

            migrationBuilder.AddColumn<string>(
                name: "FileName",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Publicity",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "public");

            migrationBuilder.AddColumn<string>(
                name: "SignedAt",
                table: "GeneratedDocuments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "SignedBy",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "State",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "Issued");

            migrationBuilder.AddColumn<string>(
                name: "UpdatedAt",
                table: "GeneratedDocuments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "UpdatedBy",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidReason",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidedAt",
                table: "GeneratedDocuments",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "VoidedBy",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 256,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Annex",
                table: "DocumentTemplates",
                type: "TEXT",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<bool>(
                name: "AnnexPublic",
                table: "DocumentTemplates",
                type: "INTEGER",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<string>(
                name: "AnnexTitle",
                table: "DocumentTemplates",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "PrintedBy",
                table: "DocumentTemplates",
                type: "TEXT",
                maxLength: 512,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Publicity",
                table: "DocumentTemplates",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "public");

            migrationBuilder.CreateTable(
                name: "DocumentNumberSeries",
                columns: table => new
                {
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Next = table.Column<int>(type: "INTEGER", nullable: false),
                    Reserved = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DocumentNumberSeries", x => new { x.Prefix, x.Year });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DocumentNumberSeries");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "FileName",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "Publicity",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "SignedAt",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "SignedBy",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "State",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "UpdatedAt",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "UpdatedBy",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "VoidReason",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "VoidedAt",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "VoidedBy",
                table: "GeneratedDocuments");

            migrationBuilder.DropColumn(
                name: "Annex",
                table: "DocumentTemplates");

            migrationBuilder.DropColumn(
                name: "AnnexPublic",
                table: "DocumentTemplates");

            migrationBuilder.DropColumn(
                name: "AnnexTitle",
                table: "DocumentTemplates");

            migrationBuilder.DropColumn(
                name: "PrintedBy",
                table: "DocumentTemplates");

            migrationBuilder.DropColumn(
                name: "Publicity",
                table: "DocumentTemplates");

            migrationBuilder.RenameColumn(
                name: "Cc",
                table: "DocumentTemplates",
                newName: "Note");

            migrationBuilder.AlterColumn<int>(
                name: "Year",
                table: "GeneratedDocuments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "Sequence",
                table: "GeneratedDocuments",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "HtmlAttachmentId",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 128,
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "DocxAttachmentId",
                table: "GeneratedDocuments",
                type: "TEXT",
                maxLength: 128,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 128,
                oldNullable: true);
        }
    }
}
