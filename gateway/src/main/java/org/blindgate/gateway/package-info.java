package org.blindgate.gateway;
