// SharpBetting module.
