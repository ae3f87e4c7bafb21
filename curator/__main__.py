# The guard matters: the import and the duplicate scan start worker processes with "spawn",
# which re-imports the main module in each worker. The command line is imported inside it, so a
# worker loads only the modules its work needs, not every command's.
if __name__ == "__main__":
    try:
        from curator.launch import cli
    except KeyboardInterrupt:  # Ctrl+C as it starts: nothing began, nothing to say
        raise SystemExit(130) from None
    raise SystemExit(cli())
